// Serves the built app. Hashed files under /assets never change (cache forever); index.html must be revalidated so
// a deploy is picked up; a folder with an index.html is a page of its own (the drop page, /drop/); other paths
// without an extension are client-side routes (SPA fallback).
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function createStaticHandler(
  distDir: string,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const root = path.resolve(distDir);
  const indexFile = path.join(root, 'index.html');

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(req, res, 405, 'Method not allowed');
    }
    const rawPath = (req.url ?? '/').split('?')[0];
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawPath);
    } catch {
      return sendText(req, res, 400, 'Bad request');
    }
    if (!decoded.startsWith('/') || decoded.includes('\0')) return sendText(req, res, 400, 'Bad request');

    // Decoding first, then resolving, catches `..`, `%2e%2e` and `%2f` alike; the result must stay inside dist.
    const file = path.resolve(root, '.' + decoded);
    if (file !== root && !file.startsWith(root + path.sep)) return sendText(req, res, 403, 'Forbidden');

    fs.stat(file, (err, st) => {
      if (!err && st.isFile()) return sendFile(req, res, file, st, cacheControlFor(root, file));
      if (!err && st.isDirectory() && file !== root) {
        return sendPage(req, res, path.join(file, 'index.html'), indexFile);
      }
      // Client-side routes (/b/demo/photos) have no extension; a missing /x.js must stay a 404, not become HTML.
      if (path.extname(decoded) === '') return sendIndex(req, res, indexFile);
      sendText(req, res, 404, 'Not found');
    });
  };
}

function cacheControlFor(root: string, file: string): string {
  return file.startsWith(path.join(root, 'assets') + path.sep) ? IMMUTABLE : REVALIDATE;
}

/** A folder's own page (`/drop/` or `/drop`: its assets are absolute paths); other folders are client routes. */
function sendPage(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pageFile: string,
  indexFile: string,
): void {
  fs.stat(pageFile, (err, st) => {
    if (err || !st.isFile()) return sendIndex(req, res, indexFile);
    sendFile(req, res, pageFile, st, REVALIDATE);
  });
}

function sendIndex(req: http.IncomingMessage, res: http.ServerResponse, indexFile: string): void {
  fs.stat(indexFile, (err, st) => {
    if (err || !st.isFile()) {
      return sendText(req, res, 503, 'The app is not built yet: run `npm run build` (or set S3FM_DIST).');
    }
    sendFile(req, res, indexFile, st, REVALIDATE);
  });
}

function sendFile(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  file: string,
  st: fs.Stats,
  cacheControl: string,
): void {
  const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  res.setHeader('Content-Type', contentTypeFor(file));
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', st.mtime.toUTCString());
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    return void res.end();
  }
  res.setHeader('Content-Length', st.size);
  if (req.method === 'HEAD') return void res.end();
  pipeline(fs.createReadStream(file), res, () => {});
}

function sendText(req: http.IncomingMessage, res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}
