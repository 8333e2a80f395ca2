import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServer } from './app';
import { SECURITY_HEADERS } from './security-headers';
import { close, listen, send, tempDir, testConfig } from './test-utils';

// tmp/
//   secret.txt          <- outside dist: must never be served
//   dist/index.html, dist/favicon.ico, dist/assets/*
const root = tempDir('s3fm-static-');
const dist = path.join(root, 'dist');
const sandboxFile = path.join(root, 'sandbox.json');
const INDEX =
  '<!doctype html><title>S3 File Manager</title><script type="module" src="/assets/index-abc.js"></script>';
const DROP_INDEX =
  '<!doctype html><title>Send files</title><script type="module" src="/assets/drop-abc.js"></script>';

let app: http.Server;
let port: number;

beforeAll(async () => {
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP SECRET');
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"TOP SECRET"}');
  fs.writeFileSync(path.join(dist, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dist, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  const assets: Record<string, string> = {
    'index-abc.js': 'console.log(1)',
    'index-abc.css': 'body{}',
    'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    'logo.png': 'png',
    'data.json': '{}',
    'font.woff2': 'woff2',
    'index-abc.js.map': '{}',
  };
  for (const [name, text] of Object.entries(assets)) fs.writeFileSync(path.join(dist, 'assets', name), text);
  fs.writeFileSync(path.join(dist, 'robots.txt'), 'User-agent: *');
  fs.mkdirSync(path.join(dist, 'drop'));
  fs.writeFileSync(path.join(dist, 'drop', 'index.html'), DROP_INDEX);
  app = createAppServer(
    testConfig({ distDir: dist, relayAllow: ['http://127.0.0.1:7480'], sandboxFile: sandboxFile }),
  );
  port = await listen(app);
});

afterAll(async () => {
  await close(app);
  fs.rmSync(root, { recursive: true, force: true });
});

const get = (p: string, method = 'GET', headers: http.OutgoingHttpHeaders = {}) =>
  send(port, { method, path: p, headers });

function expectSecurityHeaders(headers: http.IncomingHttpHeaders): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(headers[name.toLowerCase()], name).toBe(value);
  }
}

describe('static files', () => {
  it('serves index.html at / with no-cache and every security header', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toBe(INDEX);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(reply.headers);
    expect(reply.headers['content-security-policy']).toContain("script-src 'self';");
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
  });

  it.each([
    ['/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['/assets/logo.svg', 'image/svg+xml'],
    ['/assets/logo.png', 'image/png'],
    ['/assets/data.json', 'application/json; charset=utf-8'],
    ['/assets/font.woff2', 'font/woff2'],
    ['/assets/index-abc.js.map', 'application/json; charset=utf-8'],
  ])('serves %s as %s, cached forever', async (p, type) => {
    const reply = await get(p);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(type);
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(reply.headers);
  });

  it('serves the drop page at /drop/ and /drop, opened from a link in another site, with every security header', async () => {
    for (const p of ['/drop/', '/drop', '/drop/?x=1']) {
      const reply = await get(p, 'GET', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' });
      expect(reply.status, p).toBe(200);
      expect(reply.body.toString()).toBe(DROP_INDEX);
      expect(reply.headers['cache-control']).toBe('no-cache');
      expectSecurityHeaders(reply.headers);
    }
  });

  it('serves top-level files with revalidation', async () => {
    const ico = await get('/favicon.ico');
    expect(ico.headers['content-type']).toBe('image/x-icon');
    expect(ico.headers['cache-control']).toBe('no-cache');
    const txt = await get('/robots.txt');
    expect(txt.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(txt.body.toString()).toBe('User-agent: *');
  });

  it('answers HEAD with headers and no body', async () => {
    const reply = await get('/assets/index-abc.js', 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe(String('console.log(1)'.length));
    expect(reply.body.length).toBe(0);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get('/');
    const again = await get('/', 'GET', { 'if-none-match': first.headers.etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it.each(['/b/demo', '/some/client/route', '/assets'])('falls back to index.html for %s', async (p) => {
    const reply = await get(`${p}?bucket=demo&prefix=a%2F`);
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toBe(INDEX);
    expect(reply.headers['cache-control']).toBe('no-cache');
  });

  it.each(['/missing.js', '/assets/index-old.js', '/assets/gone.css'])(
    'answers 404 (not HTML) for %s',
    async (p) => {
      const reply = await get(p);
      expect(reply.status).toBe(404);
      expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
      expectSecurityHeaders(reply.headers);
    },
  );

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/../../secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/assets/..%5c..%5csecret.txt',
  ])('refuses traversal %s', async (p) => {
    const reply = await get(p);
    expect([400, 403, 404]).toContain(reply.status);
    expect(reply.body.toString()).not.toContain('TOP SECRET');
    expectSecurityHeaders(reply.headers);
  });

  it('answers 400 to malformed escapes, NUL bytes and absolute-form targets', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/index.html%00.js')).status).toBe(400);
    const absolute = await get('http://evil.example/');
    expect(absolute.status).toBe(400);
  });

  it('allows only GET and HEAD', async () => {
    const reply = await get('/', 'POST');
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });

  it('answers 503 with a hint when the app is not built', async () => {
    const empty = createAppServer(testConfig({ distDir: path.join(root, 'no-such-dist') }));
    const p = await listen(empty);
    try {
      const reply = await send(p, { path: '/' });
      expect(reply.status).toBe(503);
      expect(reply.body.toString()).toContain('npm run build');
    } finally {
      await close(empty);
    }
  });
});

describe('/_relay/config', () => {
  it('answers JSON with the allowlist, no-store, and no sandbox when none is configured', async () => {
    fs.rmSync(sandboxFile, { force: true });
    const reply = await get('/_relay/config');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-store');
    expectSecurityHeaders(reply.headers);
    expect(JSON.parse(reply.body.toString())).toEqual({
      relay: true,
      allowedEndpoints: ['http://127.0.0.1:7480'],
    });
  });

  it('picks up a sandbox file written after start and allows its endpoint', async () => {
    const sandbox = {
      endpoint: 'http://127.0.0.1:7481',
      region: 'us-east-1',
      accessKey: 'AK',
      secretKey: 'SK',
      bucket: 'demo',
    };
    fs.writeFileSync(sandboxFile, JSON.stringify(sandbox));
    const reply = await get('/_relay/config');
    expect(JSON.parse(reply.body.toString())).toEqual({
      relay: true,
      allowedEndpoints: ['http://127.0.0.1:7480', 'http://127.0.0.1:7481'],
      sandbox: { label: 'Local sandbox (Ceph RGW)', ...sandbox },
    });
    // The relay follows the same list.
    const relayed = await send(port, {
      path: '/_relay/s3',
      headers: { 'x-s3fm-target': 'http://127.0.0.1:7482', 'x-s3fm-path': '/' },
    });
    expect(relayed.body.toString()).toContain('(http://127.0.0.1:7480, http://127.0.0.1:7481)');
  });

  it('ignores an unreadable or incomplete sandbox file', async () => {
    fs.writeFileSync(sandboxFile, '{"endpoint": "http://127.0.0.1:7481", "regi');
    const reply = await get('/_relay/config');
    expect(JSON.parse(reply.body.toString())).toEqual({
      relay: true,
      allowedEndpoints: ['http://127.0.0.1:7480'],
    });
    fs.rmSync(sandboxFile, { force: true });
  });

  it('does not fall back to the app for other /_relay paths', async () => {
    const reply = await get('/_relay/other');
    expect(reply.status).toBe(404);
    expect(reply.body.toString()).not.toContain('<!doctype html>');
  });
});
