import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '../src/s3/crc32';
import { MAX_ZIP_ENTRIES, ZIP_PATH, type ZipManifest } from '../src/s3/relay-protocol';
import { createAppServer } from './app';
import { nodeCrc32 } from './zip-archive';
import { close, listen, send, tempDir, testConfig } from './test-utils';

const OCTETS = { 'content-type': 'application/octet-stream' };
const SIGNED = '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc';

/** Entry names and contents of a zip, read by Python's zipfile (independent of the writer under test). */
function readZip(bytes: Buffer): Record<string, string> {
  const file = path.join(tempDir('s3fm-zip-'), 'a.zip');
  fs.writeFileSync(file, bytes);
  const script =
    'import sys,zipfile,json;z=zipfile.ZipFile(sys.argv[1]);assert z.testzip() is None;' +
    'print(json.dumps({n:z.read(n).decode() for n in z.namelist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Record<
    string,
    string
  >;
}

describe('the zip built on the server', () => {
  let upstream: http.Server;
  let target: string;
  let app: http.Server;
  let port: number;
  const objects: Record<string, string> = { '/b/docs/a.txt': 'alpha', '/b/docs/ünï.txt': 'unicode bytes' };

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      const body = objects[decodeURIComponent(url.pathname)];
      if (body === undefined) return void res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
      res.end(body);
    });
    target = `http://127.0.0.1:${await listen(upstream)}`;
    app = createAppServer(testConfig({ relayAllow: [target] }));
    port = await listen(app);
  });
  afterAll(async () => {
    await close(app);
    await close(upstream);
  });

  const manifest = (entries: ZipManifest['entries'], fileName = 'docs.zip'): ZipManifest => ({
    fileName,
    entries,
  });
  const entry = (name: string, objectPath: string, size = 5) => ({
    name,
    size,
    lastModified: Date.UTC(2024, 0, 2),
    url: `${target}${objectPath}${SIGNED}`,
  });
  const offer = (body: unknown, headers: http.OutgoingHttpHeaders = OCTETS) =>
    send(port, {
      method: 'POST',
      path: ZIP_PATH,
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const tokenOf = async (body: unknown) => {
    const reply = await offer(body);
    expect(reply.status).toBe(200);
    return (JSON.parse(reply.body.toString()) as { token: string }).token;
  };
  const expectAlive = async () => expect((await send(port, { path: '/healthz' })).body.toString()).toBe('ok');

  it('answers a manifest with a token whose one GET is the archive, every entry whole', async () => {
    const token = await tokenOf(
      manifest([
        entry('a.txt', '/b/docs/a.txt'),
        { name: 'empty/', size: 0 },
        entry('ünï.txt', `/b/docs/${encodeURIComponent('ünï.txt')}`, 13),
      ]),
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const reply = await send(port, { path: `${ZIP_PATH}/${token}` });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/zip');
    expect(Number(reply.headers['content-length'])).toBe(reply.body.length);
    expect(reply.headers['content-disposition']).toBe(
      `attachment; filename="docs.zip"; filename*=UTF-8''docs.zip`,
    );
    expect(readZip(reply.body)).toEqual({ 'a.txt': 'alpha', 'empty/': '', 'ünï.txt': 'unicode bytes' });
    // One time only.
    expect((await send(port, { path: `${ZIP_PATH}/${token}` })).status).toBe(404);
  });

  it('refuses unknown and malformed tokens, and methods other than GET', async () => {
    expect((await send(port, { path: `${ZIP_PATH}/${'A'.repeat(43)}` })).status).toBe(404);
    expect((await send(port, { path: `${ZIP_PATH}/../../etc/passwd` })).status).toBe(404);
    const token = await tokenOf(manifest([entry('a.txt', '/b/docs/a.txt')]));
    expect((await send(port, { method: 'DELETE', path: `${ZIP_PATH}/${token}` })).status).toBe(405);
  });

  // Built when run: the endpoint's port is known only then.
  const hostile: Array<[string, () => unknown, number]> = [
    ['not JSON', () => '{"fileName":', 400],
    ['not an object', () => '[1]', 400],
    ['no entries', () => manifest([]), 400],
    ['a name climbing out', () => manifest([entry('../evil.txt', '/b/docs/a.txt')]), 400],
    ['an absolute name', () => manifest([entry('/etc/passwd', '/b/docs/a.txt')]), 400],
    ['a negative size', () => manifest([{ ...entry('a.txt', '/b/docs/a.txt'), size: -1 }]), 400],
    ['a URL that is not one', () => manifest([{ ...entry('a.txt', '/b'), url: 'not a url' }]), 400],
    ['an unsigned URL', () => manifest([{ ...entry('a.txt', '/b'), url: `${target}/b/docs/a.txt` }]), 400],
    [
      'an endpoint not allowed',
      () => manifest([{ ...entry('a.txt', '/b'), url: `http://evil.example/${SIGNED}` }]),
      403,
    ],
    [
      'a metadata service',
      () => manifest([{ ...entry('a.txt', '/b'), url: `http://169.254.169.254/latest${SIGNED}` }]),
      403,
    ],
    ['a file: URL', () => manifest([{ ...entry('a.txt', '/b'), url: 'file:///etc/passwd' }]), 400],
    ['no file name', () => ({ entries: [entry('a.txt', '/b/docs/a.txt')] }), 400],
  ];
  it.each(hostile)(
    'answers a manifest with %s with an error, and keeps running',
    async (_what, body, status) => {
      const reply = await offer(body());
      expect(reply.status).toBe(status);
      expect(reply.body.toString()).toMatch(/<Error><Code>Relay/);
      await expectAlive();
    },
  );

  it('checks each case above alone: a valid manifest is taken', async () => {
    expect((await offer(manifest([entry('ok.txt', '/b/docs/a.txt')]))).status).toBe(200);
  });

  it('caps the entries, the body, and how many archives may wait', async () => {
    const many = manifest(
      Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => ({ name: `${i}/`, size: 0 })),
    );
    expect((await offer(many)).status).toBe(400);
    const huge = await send(port, {
      method: 'POST',
      path: ZIP_PATH,
      headers: { ...OCTETS, 'content-length': String(64 * 1024 * 1024) },
    }).catch(() => ({ status: 413 }));
    expect(huge.status).toBe(413);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await offer(manifest([{ name: 'x/', size: 0 }]))).status);
    // Earlier tests may have left a token waiting: at most 8 in all, then "busy".
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(-2)).toEqual([503, 503]);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(8);
  });

  it('refuses a manifest posted from another site or as a form', async () => {
    const body = manifest([entry('a.txt', '/b/docs/a.txt')]);
    expect((await offer(body, { ...OCTETS, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await offer(body, { ...OCTETS, origin: 'http://evil.example' })).status).toBe(403);
    expect((await offer(body, { 'content-type': 'text/plain' })).status).toBe(415);
  });
});

describe('an archive whose object fails', () => {
  let upstream: http.Server;
  let app: http.Server;
  let port: number;
  let target: string;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      if (req.url!.startsWith('/b/broken')) {
        // Promises more than it sends, then breaks off: an endpoint failing mid-object.
        res.writeHead(200, { 'Content-Length': '100000' });
        res.write('x'.repeat(1000));
        setTimeout(() => res.destroy(), 20);
      } else if (req.url!.startsWith('/b/resized')) {
        res.end('a different length than listed');
      } else if (req.url!.startsWith('/b/denied')) {
        res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
      } else {
        res.end('alpha');
      }
    });
    target = `http://127.0.0.1:${await listen(upstream)}`;
    app = createAppServer(testConfig({ relayAllow: [target] }));
    port = await listen(app);
  });
  afterAll(async () => {
    await close(app);
    await close(upstream);
  });

  it.each(['broken', 'denied', 'resized'])(
    'breaks the download off when an object is %s, and keeps running',
    async (which) => {
      const reply = await send(port, {
        method: 'POST',
        path: ZIP_PATH,
        headers: OCTETS,
        body: JSON.stringify({
          fileName: 'f.zip',
          entries: [
            { name: 'a.txt', size: 5, url: `${target}/b/a${SIGNED}` },
            { name: 'b.txt', size: 100000, url: `${target}/b/${which}${SIGNED}` },
          ],
        }),
      });
      const { token } = JSON.parse(reply.body.toString()) as { token: string };
      // The answer's headers went out with the first entry: a broken-off body is all that can say it failed.
      await expect(send(port, { path: `${ZIP_PATH}/${token}` })).rejects.toThrow(
        /aborted|socket hang up|ECONNRESET/,
      );
      expect((await send(port, { path: '/healthz' })).status).toBe(200);
    },
  );
});

describe("the server's CRC-32", () => {
  it("is Node's zlib.crc32, continuing a CRC exactly as the writer's own crc32.ts does, empty chunks too", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), fc.nat(), (bytes, at, start) => {
        const cut = Math.min(at, bytes.length);
        const ours = crc32(bytes.subarray(cut), crc32(bytes.subarray(0, cut), start));
        const node = nodeCrc32(bytes.subarray(cut), nodeCrc32(bytes.subarray(0, cut), start));
        expect(node >>> 0).toBe(ours >>> 0);
      }),
    );
  });
});
