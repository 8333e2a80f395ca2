import http from 'node:http';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppServer } from './app';
import { isLinkLocalAddress } from './origin';
import { checkTarget, isAllowedTarget, isValidRelayPath } from './relay';
import { close, listen, send, testConfig } from './test-utils';

// A fake endpoint that records exactly what the relay sent it.
interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
type UpstreamHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const seen: Seen[] = [];
let upstreamHandler: UpstreamHandler | undefined;
let upstream: http.Server;
let upPort: number;
let target: string;
let app: http.Server;
let appPort: number;

function record(req: http.IncomingMessage, body: Buffer): void {
  seen.push({
    method: req.method ?? '',
    url: req.url ?? '',
    rawHeaders: req.rawHeaders,
    headers: req.headers,
    body,
  });
}

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    if (upstreamHandler) return upstreamHandler(req, res);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      record(req, Buffer.concat(chunks));
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      res.end('<ok/>');
    });
  });
  upPort = await listen(upstream);
  target = `http://127.0.0.1:${upPort}`;
  app = createAppServer(testConfig({ relayAllow: [target] }));
  appPort = await listen(app);
});

afterAll(async () => {
  await close(app);
  await close(upstream);
});

afterEach(() => {
  seen.length = 0;
  upstreamHandler = undefined;
});

function relayed(
  path: string,
  extra: http.OutgoingHttpHeaders = {},
  method = 'GET',
  body?: string | Readable,
) {
  return send(appPort, {
    method,
    path: '/_relay/s3',
    headers: { 'x-s3fm-target': target, 'x-s3fm-path': path, ...extra },
    body,
  });
}

function rawPairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i].toLowerCase(), raw[i + 1]]);
  return out;
}

describe('relay forwarding', () => {
  it.each([
    '/demo/a%20b%2Fc.txt?x-id=PutObject',
    '/demo/../etc/./x+y%2B.txt?prefix=a%2Fb+c&list-type=2',
    '/demo/%2e%2e/%2E%2E/k?uploads',
    '/demo//double//slash?delimiter=%2F&encoding-type=url',
    '/?x-id=ListBuckets',
  ])('forwards the signed path byte for byte: %s', async (path) => {
    const reply = await relayed(path);
    expect(reply.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0].url).toBe(path);
  });

  it('forwards method, body and signed headers; strips cookies, origin, sec-*, hop-by-hop, x-s3fm-* and forwarding headers', async () => {
    const reply = await relayed(
      '/demo/k.txt?x-id=PutObject',
      {
        authorization: 'AWS4-HMAC-SHA256 Credential=AK/20261125/us-east-1/s3/aws4_request, Signature=abc',
        'x-amz-date': '20261125T000000Z',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'x-amz-meta-dup': ['one', 'two'],
        'content-type': 'text/plain',
        'content-length': '5',
        'accept-encoding': 'gzip',
        cookie: 'session=secret',
        origin: `http://127.0.0.1:${appPort}`,
        referer: `http://127.0.0.1:${appPort}/?bucket=demo`,
        'sec-fetch-mode': 'cors',
        'sec-fetch-site': 'same-origin',
        'x-forwarded-for': '10.1.2.3',
        forwarded: 'for=10.1.2.3',
        'x-real-ip': '10.1.2.3',
        'sec-ch-ua': '"Chromium"',
        'x-s3fm-extra': '1',
        connection: 'keep-alive, x-drop-me',
        'x-drop-me': '1',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        'proxy-authorization': 'Basic eDp5',
      },
      'PUT',
      'hello',
    );
    expect(reply.status).toBe(200);
    const got = seen[0];
    expect(got.method).toBe('PUT');
    expect(got.body.toString()).toBe('hello');
    expect(got.headers.host).toBe(`127.0.0.1:${upPort}`);
    expect(got.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AK/20261125/us-east-1/s3/aws4_request, Signature=abc',
    );
    expect(got.headers['x-amz-date']).toBe('20261125T000000Z');
    expect(got.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(got.headers['content-type']).toBe('text/plain');
    expect(got.headers['content-length']).toBe('5');
    expect(got.headers['accept-encoding']).toBe('gzip');
    // Repeated headers stay repeated (joining them would change nothing signed, but keep them exact anyway).
    expect(rawPairs(got.rawHeaders).filter(([n]) => n === 'x-amz-meta-dup')).toEqual([
      ['x-amz-meta-dup', 'one'],
      ['x-amz-meta-dup', 'two'],
    ]);
    const names = rawPairs(got.rawHeaders).map(([n]) => n);
    for (const gone of [
      'cookie',
      'origin',
      'referer',
      'x-forwarded-for',
      'forwarded',
      'x-real-ip',
      'sec-fetch-mode',
      'sec-ch-ua',
      'x-s3fm-target',
      'x-s3fm-path',
      'x-s3fm-extra',
      'x-drop-me',
      'keep-alive',
      'te',
      'trailer',
      'proxy-authorization',
      'transfer-encoding',
    ]) {
      expect(names, gone).not.toContain(gone);
    }
    expect(names.filter((n) => n === 'host')).toHaveLength(1);
  });

  it('passes status, headers and body back; strips set-cookie and hop-by-hop; adds nosniff and CSP sandbox', async () => {
    upstreamHandler = (req, res) => {
      req.resume();
      res.setHeader('ETag', '"abc"');
      res.setHeader('x-amz-request-id', 'req-1');
      res.setHeader('Content-Type', 'text/html');
      res.setHeader('Content-Security-Policy', 'default-src *');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.setHeader('Connection', 'x-hop');
      res.setHeader('x-hop', 'connection-scoped');
      res.writeHead(201);
      res.end('<script>alert(1)</script>');
    };
    const reply = await relayed('/demo/evil.html');
    expect(reply.status).toBe(201);
    expect(reply.body.toString()).toBe('<script>alert(1)</script>');
    expect(reply.headers.etag).toBe('"abc"');
    expect(reply.headers['x-amz-request-id']).toBe('req-1');
    expect(reply.headers['content-type']).toBe('text/html');
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect(reply.headers['x-hop']).toBeUndefined();
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const csp = rawPairs(reply.rawHeaders)
      .filter(([n]) => n === 'content-security-policy')
      .map(([, v]) => v);
    expect(csp).toEqual(['default-src *', "sandbox; default-src 'none'"]);
    // The page's own headers are not put on relayed answers.
    expect(reply.headers['x-frame-options']).toBeUndefined();
  });

  it('relays HEAD with its content-length and no body', async () => {
    upstreamHandler = (_req, res) => {
      res.writeHead(200, { 'Content-Length': '1234', 'Last-Modified': 'Wed, 25 Nov 2026 00:00:00 GMT' });
      res.end();
    };
    const reply = await relayed('/demo/big.bin', {}, 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe('1234');
    expect(reply.headers['last-modified']).toBe('Wed, 25 Nov 2026 00:00:00 GMT');
    expect(reply.body.length).toBe(0);
  });

  it('relays an S3 error answer unchanged (status and XML)', async () => {
    upstreamHandler = (req, res) => {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'application/xml' });
      res.end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
    };
    const reply = await relayed('/demo/x', {}, 'DELETE');
    expect(reply.status).toBe(403);
    expect(reply.body.toString()).toContain('SignatureDoesNotMatch');
  });

  it('breaks the answer (never a clean short body) when the endpoint dies mid-body', async () => {
    upstreamHandler = (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write(Buffer.alloc(100, 1), () => setTimeout(() => res.destroy(), 20));
    };
    const outcome = await new Promise<string>((resolve) => {
      const client = http.request(
        {
          host: '127.0.0.1',
          port: appPort,
          path: '/_relay/s3',
          agent: false,
          headers: { 'x-s3fm-target': target, 'x-s3fm-path': '/demo/k' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.complete ? 'complete' : 'incomplete'));
          res.on('error', () => resolve('error'));
          res.on('aborted', () => resolve('aborted'));
        },
      );
      client.on('error', () => resolve('error'));
      client.end();
    });
    expect(outcome).not.toBe('complete');
  });

  it('logs one line without header values when logging is on', async () => {
    const logApp = createAppServer(testConfig({ relayAllow: [target], log: true }));
    const port = await listen(logApp);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const reply = await send(port, {
        path: '/_relay/s3',
        headers: {
          'x-s3fm-target': target,
          'x-s3fm-path': '/demo/secret-key-name?x-id=GetObject',
          authorization: 'AWS4-HMAC-SHA256 Signature=topsecret',
        },
      });
      expect(reply.status).toBe(200);
      await vi.waitFor(() => expect(log).toHaveBeenCalledTimes(1));
      const line = String(log.mock.calls[0][0]);
      expect(line).toMatch(new RegExp(`^relay GET ${target} 200 \\d+ms$`));
      expect(line).not.toContain('topsecret');
    } finally {
      log.mockRestore();
      await close(logApp);
    }
  });
});

describe('relay refusals', () => {
  async function expectRefused(headers: http.OutgoingHttpHeaders, status: number, code: string) {
    const reply = await send(appPort, { method: 'GET', path: '/_relay/s3', headers });
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toBe('application/xml');
    const body = reply.body.toString();
    expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?><Error><Code>')).toBe(true);
    expect(body).toContain(`<Code>${code}</Code>`);
    expect(seen).toHaveLength(0);
    return body;
  }

  it('refuses an endpoint that is not in the list, naming the list and the fix', async () => {
    const body = await expectRefused(
      { 'x-s3fm-target': 'http://10.0.0.9:7480', 'x-s3fm-path': '/' },
      403,
      'RelayTargetNotAllowed',
    );
    expect(body).toContain(`(${target})`);
    expect(body).toContain('add http://10.0.0.9:7480 to S3FM_RELAY_ALLOW, or use direct mode');
  });

  it.each([
    ['another port on the same host', () => `http://127.0.0.1:${upPort + 1}`],
    ['the same port by another name', () => `http://localhost:${upPort}`],
    ['https instead of http', () => `https://127.0.0.1:${upPort}`],
    ['cloud metadata', () => 'http://169.254.169.254'],
    ['ftp scheme', () => `ftp://127.0.0.1:${upPort}`],
  ])('403 for %s', async (_name, t) => {
    await expectRefused({ 'x-s3fm-target': t(), 'x-s3fm-path': '/' }, 403, 'RelayTargetNotAllowed');
  });

  it.each([
    ['userinfo trick', () => `http://127.0.0.1:${upPort}@evil.com`],
    ['port-suffix trick', () => `http://127.0.0.1:${upPort}.evil.com`],
    ['a path in the target', () => `http://127.0.0.1:${upPort}/demo`],
    ['a query in the target', () => `http://127.0.0.1:${upPort}?x=1`],
    ['file scheme', () => 'file:///etc/passwd'],
    ['not a URL', () => 'evil.com'],
  ])('400 for %s', async (_name, t) => {
    await expectRefused({ 'x-s3fm-target': t(), 'x-s3fm-path': '/' }, 400, 'RelayBadRequest');
  });

  it('400 without a target header', async () => {
    await expectRefused({ 'x-s3fm-path': '/' }, 400, 'RelayBadRequest');
  });

  it.each(['//evil.com/x', 'http://evil.com/x', '/\\evil.com/x', 'demo/x', '/a b', '/a#frag', undefined])(
    '400 for path header %s',
    async (path) => {
      const headers: http.OutgoingHttpHeaders = { 'x-s3fm-target': target };
      if (path !== undefined) headers['x-s3fm-path'] = path;
      await expectRefused(headers, 400, 'RelayBadRequest');
    },
  );

  it('refuses paths with control characters (CR/LF can never reach a request line)', () => {
    expect(isValidRelayPath('/a\r\nHost: evil.com')).toBe(false);
    expect(isValidRelayPath('/a\nb')).toBe(false);
    expect(isValidRelayPath('/a\tb')).toBe(false);
    expect(isValidRelayPath('/ü')).toBe(false);
    expect(isValidRelayPath('/demo/%C3%BC?x-id=GetObject')).toBe(true);
  });

  it('refuses a listed metadata endpoint unless link-local is explicitly allowed', async () => {
    const listed = createAppServer(testConfig({ relayAllow: ['http://169.254.169.254'] }));
    const port = await listen(listed);
    try {
      const reply = await send(port, {
        path: '/_relay/s3',
        headers: { 'x-s3fm-target': 'http://169.254.169.254', 'x-s3fm-path': '/latest/meta-data/' },
      });
      expect(reply.status).toBe(403);
      expect(reply.body.toString()).toContain('S3FM_RELAY_ALLOW_LINK_LOCAL=1');
    } finally {
      await close(listed);
    }
  });

  it('answers 502 with S3-style XML when the endpoint is down', async () => {
    const dead = http.createServer();
    const deadPort = await listen(dead);
    await close(dead);
    const deadTarget = `http://127.0.0.1:${deadPort}`;
    const relay = createAppServer(testConfig({ relayAllow: [deadTarget] }));
    const port = await listen(relay);
    try {
      const reply = await send(port, {
        method: 'PUT',
        path: '/_relay/s3',
        headers: { 'x-s3fm-target': deadTarget, 'x-s3fm-path': '/demo/k', 'content-length': '3' },
        body: 'abc',
      });
      expect(reply.status).toBe(502);
      expect(reply.headers['content-type']).toBe('application/xml');
      expect(reply.body.toString()).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?><Error><Code>RelayUpstreamUnreachable<\/Code><Message>[^<]*ECONNREFUSED[^<]*<\/Message><\/Error>$/,
      );
    } finally {
      await close(relay);
    }
  });
});

describe('isAllowedTarget', () => {
  it('compares scheme, host and port exactly, with default ports normalised', () => {
    const allowed = ['http://s3.example.com', 'https://secure.example.com:443', 'http://127.0.0.1:7480'];
    expect(isAllowedTarget('http://s3.example.com', allowed)).toBe(true);
    expect(isAllowedTarget('http://s3.example.com:80', allowed)).toBe(true);
    expect(isAllowedTarget('HTTP://S3.EXAMPLE.COM/', allowed)).toBe(true);
    expect(isAllowedTarget('https://secure.example.com', allowed)).toBe(true);
    expect(isAllowedTarget('http://127.0.0.1:7480', allowed)).toBe(true);
    expect(isAllowedTarget('https://s3.example.com', allowed)).toBe(false);
    expect(isAllowedTarget('http://s3.example.com:8080', allowed)).toBe(false);
    expect(isAllowedTarget('http://s3.example.com.evil.com', allowed)).toBe(false);
    expect(isAllowedTarget('http://evil.com#@s3.example.com', allowed)).toBe(false);
    expect(isAllowedTarget('http://s3.example.com@evil.com', allowed)).toBe(false);
    expect(isAllowedTarget('http://127.0.0.1:7480@evil.com', allowed)).toBe(false);
    expect(isAllowedTarget('http://127.0.0.1:7480.evil.com', allowed)).toBe(false);
    expect(isAllowedTarget('http://127.0.0.1:74800', allowed)).toBe(false);
    expect(isAllowedTarget('http://127.0.0.1', allowed)).toBe(false);
    expect(isAllowedTarget('ws://127.0.0.1:7480', allowed)).toBe(false);
  });

  it('refuses link-local and metadata addresses even when listed, unless allowed', () => {
    const listed = [
      'http://169.254.169.254',
      'http://[fd00:ec2::254]',
      'http://metadata.google.internal',
      'http://[fe80::1]:7480',
      'http://[::ffff:169.254.169.254]',
    ];
    for (const t of listed) {
      expect(isAllowedTarget(t, listed), t).toBe(false);
      expect(isAllowedTarget(t, listed, { allowLinkLocal: true }), t).toBe(true);
    }
    // WHATWG URL turns the decimal form into dotted form before the check.
    expect(isAllowedTarget('http://2852039166', listed)).toBe(false);
    expect(checkTarget('http://2852039166', listed)).toMatchObject({ status: 403 });
  });

  it('recognises link-local addresses as DNS returns them', () => {
    expect(isLinkLocalAddress('169.254.169.254')).toBe(true);
    expect(isLinkLocalAddress('169.254.0.1')).toBe(true);
    expect(isLinkLocalAddress('fe80::1%eth0')).toBe(true);
    expect(isLinkLocalAddress('fd00:ec2::254')).toBe(true);
    expect(isLinkLocalAddress('::ffff:169.254.169.254')).toBe(true);
    expect(isLinkLocalAddress('64:ff9b::169.254.169.254')).toBe(true);
    expect(isLinkLocalAddress('127.0.0.1')).toBe(false);
    expect(isLinkLocalAddress('10.0.0.1')).toBe(false);
    expect(isLinkLocalAddress('::1')).toBe(false);
    expect(isLinkLocalAddress('fd00:ec2::253')).toBe(false);
    expect(isLinkLocalAddress('2001:db8::a9fe:a9fe')).toBe(false);
  });
});

describe('relay streaming', () => {
  const MiB = 1024 * 1024;

  it('destroys the upstream request when the browser aborts mid-upload', async () => {
    let received = 0;
    let upstreamReq: http.IncomingMessage | undefined;
    const upstreamClosed = new Promise<boolean>((resolve) => {
      upstreamHandler = (req) => {
        upstreamReq = req;
        req.on('data', (c: Buffer) => (received += c.length));
        req.on('close', () => resolve(req.complete));
      };
    });
    const client = http.request({
      host: '127.0.0.1',
      port: appPort,
      method: 'PUT',
      path: '/_relay/s3',
      agent: false,
      headers: { 'x-s3fm-target': target, 'x-s3fm-path': '/demo/big', 'content-length': String(100 * MiB) },
    });
    client.on('error', () => {});
    const chunk = Buffer.alloc(256 * 1024, 1);
    for (let i = 0; i < 8; i++) client.write(chunk);
    await vi.waitFor(() => expect(received).toBeGreaterThan(MiB), { timeout: 5000 });
    client.destroy();
    expect(await upstreamClosed).toBe(false);
    expect(upstreamReq?.complete).toBe(false);
    expect(received).toBeLessThan(100 * MiB);
  });

  it('stops the upstream download when the browser aborts mid-download', async () => {
    let sent = 0;
    const upstreamClosed = new Promise<boolean>((resolve) => {
      upstreamHandler = (req, res) => {
        req.resume();
        res.writeHead(200, { 'Content-Length': String(1024 * MiB) });
        const chunk = Buffer.alloc(64 * 1024, 2);
        const pump = () => {
          while (!res.destroyed && sent < 1024 * MiB) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        pump();
        res.on('close', () => resolve(res.writableFinished));
      };
    });
    await new Promise<void>((resolve, reject) => {
      const client = http.request(
        {
          host: '127.0.0.1',
          port: appPort,
          path: '/_relay/s3',
          agent: false,
          headers: { 'x-s3fm-target': target, 'x-s3fm-path': '/demo/huge' },
        },
        (res) => {
          let got = 0;
          res.on('data', (c: Buffer) => {
            got += c.length;
            if (got > MiB) {
              client.destroy();
              resolve();
            }
          });
        },
      );
      client.on('error', (err) => (client.destroyed ? undefined : reject(err)));
      client.end();
    });
    expect(await upstreamClosed).toBe(false);
    expect(sent).toBeLessThan(1024 * MiB);
  });

  // The whole chain (client, relay, endpoint) runs in this process, so buffering anywhere shows in rss. Every
  // socket read allocates a fresh buffer, though, and three sockets' worth of garbage can pass 32 MiB before V8
  // collects it; a full GC every few MiB leaves only what is really held (a buffering relay would hold 64 MiB).
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  async function peakRssGrowth(run: () => Promise<void>): Promise<number> {
    gc();
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      await run();
    } finally {
      clearInterval(timer);
    }
    return Math.max(peak, process.memoryUsage().rss) - base;
  }

  /** Calls gc() each time another `every` bytes went by. */
  function collector(every = 2 * MiB): (bytes: number) => void {
    let since = 0;
    return (bytes) => {
      since += bytes;
      if (since >= every) {
        since = 0;
        gc();
      }
    };
  }

  function* chunks(total: number): Generator<Buffer> {
    const chunk = Buffer.alloc(64 * 1024, 7); // One buffer, yielded again and again: nothing big is allocated.
    for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
  }

  // Each test first moves 32 MiB untimed: the first transfer grows the heap and malloc arenas (~30 MiB even with
  // no relay in between), after which a streaming relay stays within a few MiB and a buffering one grows by 40+.
  it('streams a 64 MiB upload with flat memory', { timeout: 60_000 }, async () => {
    const total = 64 * MiB;
    let received = 0;
    let intact = true;
    const sevens = Buffer.alloc(1024 * 1024, 7);
    const collect = collector();
    upstreamHandler = (req, res) => {
      req.on('data', (c: Buffer) => {
        received += c.length;
        intact &&= c.equals(sevens.subarray(0, c.length));
        collect(c.length);
      });
      req.on('end', () => res.end('done'));
    };
    const upload = (size: number) =>
      relayed(
        '/demo/64mib.bin?x-id=PutObject',
        { 'content-length': String(size) },
        'PUT',
        Readable.from(chunks(size)),
      );
    expect((await upload(32 * MiB)).status).toBe(200);
    received = 0;
    const growth = await peakRssGrowth(async () => {
      expect((await upload(total)).status).toBe(200);
    });
    expect(received).toBe(total);
    expect(intact).toBe(true);
    expect(growth).toBeLessThan(32 * MiB);
  });

  it('streams a 64 MiB download with flat memory', { timeout: 60_000 }, async () => {
    let size = 0;
    upstreamHandler = (req, res) => {
      req.resume();
      res.writeHead(200, { 'Content-Length': String(size) });
      Readable.from(chunks(size)).pipe(res);
    };
    const collect = collector();
    const download = (bytes: number) => {
      size = bytes;
      return new Promise<number>((resolve, reject) => {
        let received = 0;
        const client = http.request(
          {
            host: '127.0.0.1',
            port: appPort,
            path: '/_relay/s3',
            agent: false,
            headers: { 'x-s3fm-target': target, 'x-s3fm-path': '/demo/64mib.bin' },
          },
          (res) => {
            res.on('data', (c: Buffer) => {
              received += c.length;
              collect(c.length);
            });
            res.on('end', () => resolve(received));
            res.on('error', reject);
          },
        );
        client.on('error', reject);
        client.end();
      });
    };
    expect(await download(32 * MiB)).toBe(32 * MiB);
    let received = 0;
    const growth = await peakRssGrowth(async () => {
      received = await download(64 * MiB);
    });
    expect(received).toBe(64 * MiB);
    expect(growth).toBeLessThan(32 * MiB);
  });
});
