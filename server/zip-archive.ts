// A zip of many objects built on the app's server, so the browser's own download manager saves it: a service
// worker (or any page thread) that passes an archive's bytes on is held far below the network's speed by the
// browser, while a plain download is not.
//
// What it may do: what the relay may do. The page presigns a GET for each object (the server holds no key, so it
// can read nothing the page did not sign) and posts the list; each URL must be on an endpoint the operator allowed.
// The archive is then one GET of a one-time, short-lived, unguessable token, so a navigation can start it.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Readable, pipeline } from 'node:stream';
import { crc32 } from 'node:zlib';
import { contentDisposition } from '../src/s3/link-rules';
import {
  MAX_ZIP_ENTRIES,
  MAX_ZIP_MANIFEST_BYTES,
  RelayErrorCode,
  ZIP_PATH,
  type ZipManifestEntry,
} from '../src/s3/relay-protocol';
import { unreadable, zipEntries } from '../src/s3/zip-stream';
import { zipLength, zipParts } from '../src/s3/zip-writer';
import { acceptBatchPost, readBody } from './batch-upload';
import { allowedEndpoints, type AppConfig } from './config';
import {
  checkTarget,
  createUpstreamAgents,
  errorText,
  guardBodyIdle,
  isQuerySigned,
  isValidRelayPath,
  keepsAlive,
  openUpstream,
  sendError,
  upstreamLookup,
  type UpstreamAgents,
} from './relay';
import { isRecord, jsonObject } from './request-batch';
import { SECURITY_HEADERS } from './security-headers';

/** Node's native CRC-32, as zip-writer.ts continues one (see Crc32). */
export const nodeCrc32 = (bytes: Uint8Array, crc: number): number =>
  bytes.byteLength ? crc32(bytes, crc) : crc;

/** How long a token may wait for its GET: the page asks for it right away. */
const TOKEN_TTL_MS = 60_000;
/** Archives waiting for their GET at once; each holds its manifest in memory until then. */
const MAX_LIVE_TOKENS = 8;
/** An endpoint that stops sending an object's bytes for this long ends the archive (as a failed download). */
const UPSTREAM_IDLE_MS = 60_000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

interface Pending {
  fileName: string;
  entries: ParsedEntry[];
  timer: NodeJS.Timeout;
}

interface ParsedEntry {
  name: string;
  size: number;
  lastModified?: number;
  url?: URL;
}

export type ZipHandler = ((req: http.IncomingMessage, res: http.ServerResponse) => void) & { close(): void };

export function createZipHandler(config: AppConfig): ZipHandler {
  const agents = createUpstreamAgents();
  const keptAgents: UpstreamAgents = { ...createUpstreamAgents({ keepAlive: true }), https: agents.https };
  const lookup = upstreamLookup(config);
  const pending = new Map<string, Pending>();

  const offer = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const length = acceptBatchPost(req, res, { lane: 'zip', minBytes: 2, maxBytes: MAX_ZIP_MANIFEST_BYTES });
    if (length === undefined) return;
    guardBodyIdle(req, config.bodyIdleMs, () =>
      sendError(req, res, 408, RelayErrorCode.BodyTimeout, 'The zip manifest stopped arriving.'),
    );
    readBody(req, length).then(
      (body) => {
        const parsed = parseZipManifest(body, allowedEndpoints(config), config.allowLinkLocal);
        if (!parsed.ok) return sendError(req, res, parsed.status, parsed.code, parsed.message);
        if (pending.size >= MAX_LIVE_TOKENS) {
          res.setHeader('Retry-After', '2');
          return sendError(req, res, 503, RelayErrorCode.Busy, "The app's server is busy with other zips.");
        }
        const token = randomBytes(32).toString('base64url');
        const timer = setTimeout(() => pending.delete(token), TOKEN_TTL_MS);
        timer.unref();
        pending.set(token, { fileName: parsed.fileName, entries: parsed.entries, timer });
        const json = JSON.stringify({ token });
        res.writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(json),
          'Cache-Control': 'no-store',
        });
        res.end(json);
      },
      (err: Error) =>
        sendError(
          req,
          res,
          400,
          RelayErrorCode.BadRequest,
          `The zip manifest did not arrive whole: ${err.message}`,
        ),
    );
  };

  const serve = (req: http.IncomingMessage, res: http.ServerResponse, token: string): void => {
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendError(req, res, 405, RelayErrorCode.MethodNotAllowed, 'A zip is fetched with GET.');
    }
    const archive = TOKEN_SHAPE.test(token) ? pending.get(token) : undefined;
    if (!archive) {
      return sendError(
        req,
        res,
        404,
        RelayErrorCode.BadRequest,
        'This zip link has expired or was already used. Start the zip download again.',
      );
    }
    pending.delete(token);
    clearTimeout(archive.timer);
    req.resume();
    const started = Date.now();
    const opened = new Set<http.ClientRequest>();
    const { entries } = archive;
    const open = (index: number) =>
      new Promise<http.IncomingMessage>((resolve, reject) => {
        const url = entries[index].url!;
        const useAgents = url.protocol === 'http:' && keepsAlive(config, url.origin) ? keptAgents : agents;
        const request = openUpstream(url, useAgents, lookup, {
          path: `${url.pathname}${url.search}`,
          headers: { host: url.host },
        });
        opened.add(request);
        request.setTimeout(UPSTREAM_IDLE_MS, () =>
          request.destroy(new Error(`${url.origin} stopped answering`)),
        );
        request.on('error', reject);
        request.on('response', (upRes) => {
          if (upRes.statusCode !== 200) {
            upRes.resume();
            return reject(unreadable(entries[index].name, upRes.statusCode ?? 0));
          }
          // The archive's announced length counts on the listed size: an object changed since must not go in.
          if (Number(upRes.headers['content-length']) !== entries[index].size) {
            upRes.destroy();
            return reject(
              new Error(`"${entries[index].name}" changed since it was listed; the archive is incomplete.`),
            );
          }
          // A body that ends short of its length is an error, not a smaller entry.
          upRes.on('close', () => {
            if (!upRes.complete) upRes.destroy(new Error(`${url.origin} broke off "${entries[index].name}"`));
          });
          resolve(upRes);
        });
        request.end();
      });
    const items = entries.map(({ name, size, lastModified }) => ({ name, size, lastModified }));
    let failure: unknown;
    // Node's streams end to end, each object's chunks passed on as they arrive: the web streams the page's zip is
    // made of would cost a copy of every chunk (Readable.toWeb) and several promises per chunk between them.
    const files = zipEntries(items, open, { onEnd: (error) => (failure = error) });
    const zip = Readable.from(zipParts(files, { crc: nodeCrc32 }), { objectMode: false });
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/zip',
      // Known ahead: the browser's download manager shows a progress bar and the time left.
      'Content-Length': zipLength(items),
      'Content-Disposition': contentDisposition(archive.fileName),
      'Cache-Control': 'no-store',
    });
    // Streamed with backpressure: an object is read only as fast as the browser takes the archive. A failure
    // partway destroys the answer, so the browser marks the download failed instead of saving a short archive.
    pipeline(zip, res, (err) => {
      if (err) for (const request of opened) request.destroy();
      if (config.log) {
        const outcome = err ? ` (failed: ${errorText(failure ?? err).slice(0, 200)})` : '';
        console.log(`zip GET ${entries.length} entries ${Date.now() - started}ms${outcome}`);
      }
    });
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const pathname = (req.url ?? '').split('?')[0];
    if (pathname === ZIP_PATH) return offer(req, res);
    serve(req, res, pathname.slice(ZIP_PATH.length + 1));
  };

  return Object.assign(handler, {
    close() {
      for (const { timer } of pending.values()) clearTimeout(timer);
      pending.clear();
      agents.http.destroy();
      keptAgents.http.destroy();
      agents.https.destroy();
    },
  });
}

type Parsed =
  | { ok: true; fileName: string; entries: ParsedEntry[] }
  | { ok: false; status: 400 | 403; code: RelayErrorCode; message: string };

/** Checks a whole manifest before anything is fetched: names, sizes, and that every URL goes where the relay may. */
export function parseZipManifest(body: Buffer, allowed: readonly string[], allowLinkLocal = false): Parsed {
  const bad = (message: string): Parsed => ({
    ok: false,
    status: 400,
    code: RelayErrorCode.BadRequest,
    message,
  });
  const raw = jsonObject(body);
  if (typeof raw === 'string') return bad(`The zip manifest ${raw}.`);
  const { fileName, entries } = raw;
  if (typeof fileName !== 'string' || fileName.length === 0 || fileName.length > 255) {
    return bad('The zip manifest needs a file name of 1 to 255 characters.');
  }
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ZIP_ENTRIES) {
    return bad(`A zip holds 1 to ${MAX_ZIP_ENTRIES} entries.`);
  }
  const parsed: ParsedEntry[] = [];
  for (const entry of entries as unknown[]) {
    if (!isRecord(entry) || !isSafeEntryName(entry.name)) {
      return bad('Every zip entry needs a relative name without empty, "." or ".." segments.');
    }
    const { name, size, lastModified, url } = entry as Partial<ZipManifestEntry> & { name: string };
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      return bad(`The size of "${name.slice(0, 100)}" must be a whole number of bytes.`);
    }
    if (lastModified !== undefined && (typeof lastModified !== 'number' || !Number.isFinite(lastModified))) {
      return bad(`The date of "${name.slice(0, 100)}" must be milliseconds since 1970.`);
    }
    const isFolder = name.endsWith('/');
    if (isFolder) {
      parsed.push({ name, size: 0, lastModified });
      continue;
    }
    const target = typeof url === 'string' ? parseUrl(url) : undefined;
    if (!target) return bad(`"${name.slice(0, 100)}" needs the presigned http(s) URL of its object.`);
    const check = checkTarget(target.origin, allowed, allowLinkLocal);
    if (!check.ok) return { ok: false, status: check.status, code: check.code, message: check.message };
    const path = `${target.pathname}${target.search}`;
    if (!isValidRelayPath(path) || !isQuerySigned(path)) {
      return bad(`The URL of "${name.slice(0, 100)}" must be a presigned GET of its object.`);
    }
    parsed.push({ name, size, lastModified, url: target });
  }
  return { ok: true, fileName, entries: parsed };
}

/** What zipEntryName gives: relative, no empty, "." or ".." segment that could climb out of the unzip folder. */
function isSafeEntryName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 4096 || /[\0]/.test(name)) return false;
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

function parseUrl(raw: string): URL | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.username || url.password || url.hash ? undefined : url;
  } catch {
    return undefined;
  }
}
