// Issue 18's findings, one test each (each failed, or would have, on the server before the fix): the server must
// answer every hostile request and keep running.
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeXmlText } from '../src/s3/error-xml';
import { MAX_BATCH_BYTES } from '../src/s3/relay-protocol';
import { createAppServer } from './app';
import { MAX_BATCH_BYTES_HELD, parseBatch } from './batch-upload';
import { isLinkLocalAddress } from './origin';
import { hostnameOf, isAllowedHost } from './request-guard';
import { close, listen, send, testConfig, type Reply } from './test-utils';

const OCTETS = { 'content-type': 'application/octet-stream' };

function batchBody(manifest: unknown, files: Buffer[] = []): Buffer {
  const json = Buffer.from(JSON.stringify(manifest));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, ...files]);
}

/** Writes `bytes` on a raw socket and collects what comes back until the server closes or `ms` pass. */
function rawExchange(port: number, bytes: string | Buffer, ms = 1500): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', done);
    socket.on('error', done);
    setTimeout(done, ms);
    socket.write(bytes);
  });
}

/** A raw TCP listener standing in for the endpoint: it records every byte it gets and answers each request 200. */
function rawUpstream() {
  const received: Buffer[] = [];
  const server = net.createServer((socket) => {
    socket.on('data', (c: Buffer) => {
      received.push(c);
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
    socket.on('error', () => {});
  });
  return { server, text: () => Buffer.concat(received).toString('latin1') };
}

describe('the server under hostile requests', () => {
  let upstream: http.Server;
  let upstreamHandler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  let raw: ReturnType<typeof rawUpstream>;
  let target: string;
  let rawTarget: string;
  let app: http.Server;
  let port: number;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => upstreamHandler(req, res));
    target = `http://127.0.0.1:${await listen(upstream)}`;
    raw = rawUpstream();
    rawTarget = `http://127.0.0.1:${await listen(raw.server as unknown as http.Server)}`;
    app = createAppServer(
      testConfig({ relayAllow: [target, rawTarget], hostNames: ['files.example.com'], bodyIdleMs: 300 }),
    );
    port = await listen(app);
  });
  afterAll(async () => {
    await close(app);
    await close(upstream);
    await new Promise((r) => raw.server.close(r));
  });
  afterEach(() => {
    upstreamHandler = (req, res) => {
      req.resume();
      res.end('<ok/>');
    };
  });

  const alive = async () => expect((await send(port, { path: '/healthz' })).status).toBe(200);
  const postBatch = (body: Buffer, headers: http.OutgoingHttpHeaders = OCTETS): Promise<Reply> =>
    send(port, { method: 'POST', path: '/_relay/batch', headers, body });

  describe('finding 1: a batch manifest of the wrong shape is a 400, not an exit', () => {
    it('answers the 8-byte request from another site, and keeps running', async () => {
      const reply = await send(port, {
        method: 'POST',
        path: '/_relay/batch',
        headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
        body: Buffer.from('\x00\x00\x00\x04null', 'latin1'),
      });
      expect(reply.status).toBe(403);
      await alive();
    });

    it.each([null, [], 1, 'text', true, { endpoint: 5 }, { endpoint: target, path: 5 }])(
      'refuses the manifest %j with 400',
      async (manifest) => {
        const reply = await postBatch(batchBody(manifest));
        expect([400, 403]).toContain(reply.status);
        expect(reply.body.toString()).toContain('<Error><Code>');
        await alive();
      },
    );

    it('checks every field of every file without throwing', () => {
      const base = { endpoint: target, path: '/b/', fields: { Policy: 'p' } };
      for (const files of [
        [null],
        [1],
        ['a'],
        [[]],
        [{ key: 'k', type: 't', size: '3' }],
        [{ key: {}, type: 't', size: 0 }],
      ]) {
        const parsed = parseBatch(batchBody({ ...base, files }), [target]);
        expect(parsed.ok, JSON.stringify(files)).toBe(false);
      }
      for (const fields of [null, [], 'x', { Policy: 1 }]) {
        expect(parseBatch(batchBody({ ...base, fields, files: [] }), [target]).ok).toBe(false);
      }
      expect(parseBatch(Buffer.alloc(2), [target]).ok).toBe(false);
    });
  });

  describe('finding 2: an endpoint answer cannot stop the server', () => {
    it('reads an error body with an out-of-range character reference', async () => {
      upstreamHandler = (req, res) => {
        req.resume();
        res.writeHead(400, { 'Content-Type': 'application/xml' });
        res.end(
          '<Error><Code>&#1114112;</Code><Message>&#x110000; &#99999999999; &lt;ok&gt;</Message></Error>',
        );
      };
      const manifest = {
        endpoint: target,
        path: '/b/',
        fields: { Policy: 'p' },
        files: [{ key: 'k', type: 't', size: 1 }],
      };
      const reply = await postBatch(batchBody(manifest, [Buffer.from('x')]));
      expect(reply.status).toBe(200);
      const line = JSON.parse(reply.body.toString().trim());
      expect(line).toMatchObject({ i: 0, status: 400, code: '&#1114112;' });
      expect(line.message).toBe('&#x110000; &#99999999999; <ok>');
      await alive();
    });

    it('decodes what is valid and keeps what is not', () => {
      expect(decodeXmlText('&#65;&#x42;&amp;&#1114111;')).toBe('AB&\u{10ffff}');
      expect(decodeXmlText('&#1114112;&#xFFFFFFFF;&bogus;')).toBe('&#1114112;&#xFFFFFFFF;&bogus;');
    });
  });

  describe('found by the fuzz suite', () => {
    /** An endpoint that answers every request with `answer`, raw. */
    async function answering(answer: string) {
      const server = net.createServer((socket) => {
        socket.on('error', () => {});
        socket.once('data', () => socket.write(answer));
      });
      const origin = `http://127.0.0.1:${await listen(server as unknown as http.Server)}`;
      const own = createAppServer(testConfig({ relayAllow: [origin] }));
      return {
        origin,
        port: await listen(own),
        stop: () => Promise.all([close(own), new Promise((r) => server.close(r))]),
      };
    }

    it.each([
      ['a status outside 200-599', 'HTTP/1.1 999 Nine\r\nContent-Length: 0\r\n\r\n'],
      [
        'a 101 nobody asked for',
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
      ],
    ])('answers 502 to %s, in the relay and the batch lane', async (_name, answer) => {
      const endpoint = await answering(answer);
      try {
        const relayed = await send(endpoint.port, {
          path: '/_relay/s3',
          headers: { 'x-s3fm-target': endpoint.origin, 'x-s3fm-path': '/b/k' },
        });
        expect(relayed.status).toBe(502);
        expect(relayed.body.toString()).toContain('RelayBadUpstreamResponse');
        const manifest = {
          endpoint: endpoint.origin,
          path: '/b/',
          fields: { Policy: 'p' },
          files: [{ key: 'k', type: 't', size: 1 }],
        };
        const batch = await send(endpoint.port, {
          method: 'POST',
          path: '/_relay/batch',
          headers: OCTETS,
          body: batchBody(manifest, [Buffer.from('x')]),
        });
        expect(JSON.parse(batch.body.toString())).toMatchObject({
          i: 0,
          status: 0,
          code: 'RelayBadUpstreamResponse',
        });
      } finally {
        await endpoint.stop();
      }
    });

    it('refuses a batch whose form fields would be sent again with every file', () => {
      const files = [{ key: 'k', type: 't', size: 0 }];
      const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`F${i}`, 'v']));
      const big = { Policy: 'p'.repeat(17 * 1024) };
      for (const fields of [many, big]) {
        expect(parseBatch(batchBody({ endpoint: target, path: '/b/', fields, files }), [target]).ok).toBe(
          false,
        );
      }
    });
  });

  describe('finding 3: no request smuggling through a body the method does not frame', () => {
    it.each(['GET', 'HEAD', 'DELETE'])(
      'refuses a %s with a body, and sends nothing upstream',
      async (method) => {
        const smuggled = 'GET /smuggled HTTP/1.1\r\nHost: internal.example\r\n\r\n';
        const before = raw.text().length;
        const reply = await rawExchange(
          port,
          `${method} /_relay/s3 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-s3fm-target: ${rawTarget}\r\n` +
            `x-s3fm-path: /b/k\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`,
        );
        expect(reply).toMatch(/^HTTP\/1\.1 400 /);
        expect(raw.text().slice(before)).toBe('');
      },
    );

    it('refuses a chunked GET', async () => {
      const reply = await rawExchange(
        port,
        `GET /_relay/s3 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-s3fm-target: ${rawTarget}\r\n` +
          `x-s3fm-path: /b/k\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`,
      );
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    });

    it('sends a chunked PUT upstream with explicit framing', async () => {
      const before = raw.text().length;
      const reply = await rawExchange(
        port,
        `PUT /_relay/s3 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-s3fm-target: ${rawTarget}\r\n` +
          `x-s3fm-path: /b/k\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n`,
      );
      expect(reply).toMatch(/^HTTP\/1\.1 200 /);
      const wire = raw.text().slice(before);
      expect(wire).toMatch(/^PUT \/b\/k HTTP\/1\.1\r\n/);
      expect(wire.toLowerCase()).toContain('transfer-encoding: chunked');
      expect(wire).toContain('\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
    });

    it('forwards only the methods S3 uses', async () => {
      const reply = await rawExchange(
        port,
        `TRACE /_relay/s3 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-s3fm-target: ${rawTarget}\r\nx-s3fm-path: /b/k\r\n\r\n`,
      );
      expect(reply).toMatch(/^HTTP\/1\.1 405 /);
    });
  });

  describe('finding 4: memory held is bounded', () => {
    it('refuses a batch with 503 and Retry-After while others hold the cap', async () => {
      const open = Math.floor(MAX_BATCH_BYTES_HELD / MAX_BATCH_BYTES);
      // Bodies that never finish: each holds its declared size against the cap until its idle timeout.
      const sockets = Array.from({ length: open }, () => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => {});
        socket.write(
          `POST /_relay/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n` +
            `Content-Length: ${MAX_BATCH_BYTES}\r\n\r\n\x00\x00`,
        );
        return socket;
      });
      await new Promise((r) => setTimeout(r, 100));
      const refused = await postBatch(batchBody({}));
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.body.toString()).toContain('RelayBusy');
      // The stalled bodies time out (bodyIdleMs) and give their share back.
      await new Promise((r) => setTimeout(r, 600));
      const after = await postBatch(batchBody({}));
      expect(after.status).toBe(400);
      for (const socket of sockets) socket.destroy();
    });

    it('answers 408 and closes a relayed upload whose body stops arriving', async () => {
      upstreamHandler = (req, res) => {
        req.resume();
        req.on('end', () => res.end());
      };
      const reply = await rawExchange(
        port,
        `PUT /_relay/s3 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-s3fm-target: ${target}\r\n` +
          `x-s3fm-path: /b/k\r\nContent-Length: 100\r\n\r\nonly a part`,
        3000,
      );
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      expect(reply).toContain('RelayBodyTimeout');
    });
  });

  describe('finding 5: DNS rebinding — only its own host names', () => {
    it.each(['/_relay/config', '/_relay/s3', '/', '/index.html'])(
      'answers 421 on %s to a foreign name',
      async (path) => {
        const reply = await send(port, { path, headers: { host: 'rebind.attacker.example' } });
        expect(reply.status).toBe(421);
        expect(reply.body.toString()).not.toContain('secret');
      },
    );

    it('answers to IP addresses, localhost and the names in S3FM_HOSTS', async () => {
      for (const host of [
        `127.0.0.1:${port}`,
        `localhost:${port}`,
        'app.localhost',
        `[::1]:${port}`,
        'Files.Example.com',
      ]) {
        expect((await send(port, { path: '/_relay/config', headers: { host } })).status, host).toBe(200);
      }
    });

    it('parses Host headers strictly', () => {
      expect(hostnameOf('a.example:80')).toBe('a.example');
      expect(hostnameOf('[::1]:8080')).toBe('::1');
      for (const bad of ['a b', 'a:b:c', '[zz]', 'a:99999999', ''])
        expect(hostnameOf(bad), bad).toBeUndefined();
      expect(isAllowedHost('10.0.0.5:8080', [])).toBe(true);
      expect(isAllowedHost('127.0.0.1.nip.io', [])).toBe(false);
      expect(isAllowedHost('localhost.attacker.example', [])).toBe(false);
    });
  });

  describe('finding 6: the relay refuses what a browser marks as another site', () => {
    it.each([
      ['sec-fetch-site', 'cross-site'],
      ['sec-fetch-site', 'same-site'],
      ['origin', 'http://evil.example'],
      ['origin', 'null'],
    ])('refuses %s: %s on every relay path', async (name, value) => {
      for (const path of ['/_relay/s3', '/_relay/batch', '/_relay/config']) {
        const reply = await send(port, {
          method: path === '/_relay/config' ? 'GET' : 'POST',
          path,
          headers: { [name]: value, 'x-s3fm-target': target, 'x-s3fm-path': '/b/', ...OCTETS },
        });
        expect(reply.status, path).toBe(403);
        expect(reply.body.toString(), path).toContain('RelayCrossSite');
      }
    });

    it('takes a batch only as application/octet-stream, which no form can send', async () => {
      const reply = await postBatch(batchBody({}), { 'content-type': 'text/plain' });
      expect(reply.status).toBe(415);
    });

    it('takes requests from its own origin', async () => {
      const reply = await send(port, {
        path: '/_relay/s3',
        headers: {
          origin: `http://127.0.0.1:${port}`,
          'sec-fetch-site': 'same-origin',
          'x-s3fm-target': target,
          'x-s3fm-path': '/b/',
        },
      });
      expect(reply.status).toBe(200);
    });
  });

  describe('finding 7: headers by allowlist, both ways', () => {
    it('passes back only what the page reads', async () => {
      upstreamHandler = (req, res) => {
        req.resume();
        res.writeHead(302, {
          ETag: '"e"',
          'x-amz-version-id': 'v1',
          'Content-Type': 'text/plain',
          'Clear-Site-Data': '"*"',
          Refresh: '0;url=http://evil.example',
          'Access-Control-Allow-Origin': '*',
          Location: 'http://evil.example/',
          'WWW-Authenticate': 'Basic',
          'Set-Cookie': 'a=1',
        });
        res.end('x');
      };
      const reply = await send(port, {
        path: '/_relay/s3',
        headers: { 'x-s3fm-target': target, 'x-s3fm-path': '/b/k' },
      });
      expect(reply.status).toBe(302);
      expect(reply.headers.etag).toBe('"e"');
      expect(reply.headers['x-amz-version-id']).toBe('v1');
      for (const gone of [
        'clear-site-data',
        'refresh',
        'access-control-allow-origin',
        'location',
        'www-authenticate',
        'set-cookie',
      ]) {
        expect(reply.headers[gone], gone).toBeUndefined();
      }
    });

    it('sends up an AWS signature only, and none with a presigned URL', async () => {
      const seen: http.IncomingHttpHeaders[] = [];
      upstreamHandler = (req, res) => {
        seen.push(req.headers);
        req.resume();
        res.end();
      };
      const relay = (path: string, authorization: string) =>
        send(port, {
          path: '/_relay/s3',
          headers: { 'x-s3fm-target': target, 'x-s3fm-path': path, authorization },
        });
      await relay('/b/k', 'Basic dXNlcjpwYXNz');
      await relay(
        '/b/k?X-Amz-Signature=abc&X-Amz-Credential=x',
        'AWS4-HMAC-SHA256 Credential=x, Signature=y',
      );
      await relay('/b/k', 'AWS4-HMAC-SHA256 Credential=x, Signature=y');
      expect(seen.map((h) => h.authorization)).toEqual([
        undefined,
        undefined,
        'AWS4-HMAC-SHA256 Credential=x, Signature=y',
      ]);
    });
  });

  describe('the sandbox keys and the link-local guard', () => {
    it('gives the sandbox to this machine only', async () => {
      const { isLoopbackAddress } = await import('./request-guard');
      expect(isLoopbackAddress('127.0.0.1')).toBe(true);
      expect(isLoopbackAddress('::ffff:127.0.0.2')).toBe(true);
      expect(isLoopbackAddress('::1')).toBe(true);
      expect(isLoopbackAddress('10.0.0.2')).toBe(false);
      expect(isLoopbackAddress('::ffff:10.0.0.2')).toBe(false);
    });

    it.each(['::ffff:0:a9fe:a9fe', '::ffff:0:169.254.169.254', '2002:a9fe:a9fe::', '2002:a9fe:1::1'])(
      'refuses %s as link-local',
      (address) => expect(isLinkLocalAddress(address)).toBe(true),
    );
  });
});
