// Fuzz suite for the app's server (issue 18): thousands of generated and mutated requests over raw TCP, against
// the real server in this process and a hostile stub endpoint. What must hold for every case:
//   - the process lives: no uncaughtException / unhandledRejection (this test process IS the server process);
//   - every answer is well-formed HTTP/1.1, or the connection closes without a half-written answer (a relayed body
//     may be cut short only when the endpoint cut its own);
//   - no 5xx except 502/503/504 from the relay paths (a 500 is an unhandled failure);
//   - a whole request gets an answer, unless the endpoint legitimately keeps it waiting;
//   - RSS stays bounded over the whole suite.
// Seeded and reproducible: S3FM_FUZZ_SEED=<n> replays a run; S3FM_FUZZ_SHRINK=1 lets fast-check shrink a failing
// run to the fewest cases (slow when the server is broken, so off by default); S3FM_FUZZ_SCALE multiplies the runs.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAY_REQUESTS_PATH, ZIP_PATH } from '../src/s3/relay-protocol';
import { createAppServer } from './app';
import { close, listen, tempDir, testConfig } from './test-utils';
import {
  batchBody,
  exchange,
  HANGING_SCENARIOS,
  header,
  parseResponses,
  rawGet,
  rssMiB,
  scenarioPath,
  showBytes,
  startHostileUpstream,
  TRUNCATING_SCENARIOS,
  UPSTREAM_SCENARIOS,
  watchProcessFailures,
  type Exchange,
  type HostileUpstream,
  type ParsedResponse,
} from './wire-test-utils';

const SEED = Number(process.env.S3FM_FUZZ_SEED ?? 18_2026);
const SHRINK = process.env.S3FM_FUZZ_SHRINK === '1';
/** S3FM_FUZZ_SCALE=4 runs four times the cases (a longer hunt); the default fits `npm test` on 2 busy cores. */
const SCALE = Number(process.env.S3FM_FUZZ_SCALE ?? 1);
/** Cases in flight at once: enough to overlap the cases that wait, few enough for 2 busy cores. */
const CONCURRENCY = 24;
/** Growth of this process's RSS over the whole suite (server, stub and client together). */
const RSS_GROWTH_LIMIT_MIB = 150;
/** How long a whole request may wait for its answer, and how long an incomplete one is watched. */
const ANSWER_WAIT_MS = 4000;
const INCOMPLETE_WAIT_MS = 150;

let app: http.Server;
let port: number;
let stub: HostileUpstream;
let watch: ReturnType<typeof watchProcessFailures>;
let rssBefore = 0;
let rssPeak = 0;
const stats = { cases: 0, answered: 0, closedSilently: 0, waited: 0, byStatus: new Map<number, number>() };
const started = Date.now();

beforeAll(async () => {
  watch = watchProcessFailures();
  stub = await startHostileUpstream();
  // A built app to serve, so static paths answer 200/404 rather than "not built" (503).
  const dist = tempDir('s3fm-fuzz-dist-');
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>s3fm</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  app = createAppServer(testConfig({ relayAllow: [stub.origin], distDir: dist }));
  port = await listen(app);
  rssBefore = rssMiB();
});

afterAll(async () => {
  watch?.stop();
  const reached = [...(stub?.hits.values() ?? [])].reduce((a, b) => a + b, 0);
  const statuses = [...stats.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`);
  console.log(
    `fuzz: seed ${SEED} (S3FM_FUZZ_SEED), ${stats.cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${stats.answered} answered, ${stats.closedSilently} closed without an answer, ${stats.waited} left waiting; ` +
      `${reached} requests reached the stub endpoint; RSS ${rssBefore.toFixed(0)} -> peak ${rssPeak.toFixed(0)} MiB; ` +
      `statuses ${statuses.join(' ')}`,
  );
  if (app) await close(app);
  await stub?.close();
});

// -----------------------------------------------------------------------------------------------------------------
// The request model: every part a client controls, serialised byte by byte.

type Framing =
  | { kind: 'none' } // neither Content-Length nor Transfer-Encoding: body bytes, if any, follow as the next request
  | { kind: 'length'; delta: number } // Content-Length = body length + delta (> 0: the body never completes)
  | { kind: 'length-text'; value: string } // a Content-Length that is not a number
  | { kind: 'length-dup'; second: number }
  | { kind: 'chunked'; te: string; pieces: number }
  | { kind: 'chunked-broken'; how: 'bad-size' | 'no-end' | 'huge-size' | 'no-crlf' | 'ext-junk' | 'short' }
  | { kind: 'length-and-chunked' };

interface Case {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
  body: Buffer;
  framing: Framing;
  /** Send only this fraction of the bytes, then wait. */
  truncate?: number;
  /** Write in several pieces with pauses. */
  split: boolean;
  halfClose: boolean;
  /** Pipeline a GET /healthz behind the request. */
  followUp: boolean;
  /** The stub endpoint's behaviour when the case reaches it. */
  scenario: string;
}

interface Wire {
  steps: { bytes: Buffer; delayMs?: number }[];
  bytes: Buffer;
  headFlags: boolean[];
  /** 'yes': a whole request a server must answer; 'no': incomplete; 'unknown': depends on the parser's leniency. */
  complete: 'yes' | 'no' | 'unknown';
}

function serialize(c: Case): Wire {
  const lines = [`${c.method} ${c.target} ${c.version}`, ...c.headers.map(([n, v]) => `${n}: ${v}`)];
  let complete: Wire['complete'] = 'yes';
  let body = c.body;
  const f = c.framing;
  switch (f.kind) {
    case 'none':
      break;
    case 'length':
      lines.push(`Content-Length: ${Math.max(0, body.length + f.delta)}`);
      if (f.delta > 0) complete = 'no';
      break;
    case 'length-text':
      lines.push(`Content-Length: ${f.value}`);
      complete = 'unknown';
      break;
    case 'length-dup':
      lines.push(`Content-Length: ${body.length}`, `Content-Length: ${f.second}`);
      complete = 'unknown';
      break;
    case 'chunked':
      lines.push(`Transfer-Encoding: ${f.te}`);
      body = chunk(body, f.pieces);
      if (f.te !== 'chunked') complete = 'unknown';
      break;
    case 'chunked-broken':
      lines.push('Transfer-Encoding: chunked');
      body = brokenChunks(body, f.how);
      complete = f.how === 'no-end' || f.how === 'short' ? 'no' : 'unknown';
      break;
    case 'length-and-chunked':
      lines.push(`Content-Length: ${body.length}`, 'Transfer-Encoding: chunked');
      body = chunk(body, 1);
      complete = 'unknown';
      break;
  }
  if (c.headers.some(([n, v]) => /[\r\n]/.test(n + v)) || !/^HTTP\/1\.[01]$/.test(c.version))
    complete = 'unknown';
  if (c.halfClose) complete = 'unknown'; // Node may abort a request whose client half-closed.
  if (c.method === 'CONNECT') complete = 'unknown'; // No 'connect' listener: Node closes such connections.

  const headFlags = [c.method === 'HEAD'];
  let bytes = Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
  if (c.followUp) {
    bytes = Buffer.concat([bytes, Buffer.from(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)]);
    headFlags.push(false);
  }
  if (c.truncate !== undefined) {
    bytes = bytes.subarray(0, Math.floor(bytes.length * c.truncate));
    complete = 'no';
  }
  let steps: Wire['steps'] = [{ bytes }];
  if (c.split && bytes.length > 3) {
    const a = Math.floor(bytes.length / 3);
    steps = [
      { bytes: bytes.subarray(0, a) },
      { bytes: bytes.subarray(a, 2 * a), delayMs: 15 },
      { bytes: bytes.subarray(2 * a), delayMs: 15 },
    ];
  }
  return { steps, bytes, headFlags, complete };
}

function chunk(body: Buffer, pieces: number): Buffer {
  const parts: Buffer[] = [];
  const size = Math.max(1, Math.ceil(body.length / Math.max(1, pieces)));
  for (let at = 0; at < body.length; at += size) {
    const piece = body.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

function brokenChunks(body: Buffer, how: Extract<Framing, { kind: 'chunked-broken' }>['how']): Buffer {
  const hex = body.length.toString(16);
  switch (how) {
    case 'bad-size':
      return Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')]);
    case 'no-end':
      return Buffer.concat([Buffer.from(`${hex}\r\n`), body, Buffer.from('\r\n')]);
    case 'huge-size':
      return Buffer.concat([Buffer.from('ffffffffffffffffff\r\n'), body]);
    case 'no-crlf':
      return Buffer.concat([Buffer.from(`${hex}\r\n`), body, Buffer.from('0\r\n\r\n')]);
    case 'ext-junk':
      return Buffer.concat([Buffer.from(`${hex};a="\x00\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
    case 'short':
      return Buffer.concat([Buffer.from(`${(body.length + 10).toString(16)}\r\n`), body]);
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Generators. Built after the servers listen: valid requests name the real ports.

const RELAY_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS'];
const STATIC_PATHS = [
  '/',
  '/index.html',
  '/assets/app.js',
  '/assets/missing.js',
  '/b/bucket/folder/',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '/%',
  '/%00',
  '/%c0%ae%c0%ae/',
  '/assets/../../x',
  '/_relay/',
  '/_relay/nope',
  '/healthz?x=1',
];

const own = () => `127.0.0.1:${port}`;
const bytesOf = (s: string) => Buffer.from(s, 'latin1');

/** A file's bytes and its manifest entry. */
interface BatchFile {
  key: string;
  type: string;
  size: number;
}

function validManifest(scenarioQuery: string, files: BatchFile[]) {
  return {
    endpoint: stub.origin,
    path: scenarioQuery,
    fields: { Policy: 'cG9saWN5', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Signature': 'ab'.repeat(32) },
    files,
  };
}

function batchRequest(body: Buffer, extraHeaders: [string, string][] = [], target = '/_relay/batch'): Case {
  return {
    method: 'POST',
    target,
    version: 'HTTP/1.1',
    headers: [['Host', own()], ['Content-Type', 'application/octet-stream'], ...extraHeaders],
    body,
    framing: { kind: 'length', delta: 0 },
    split: false,
    halfClose: false,
    followUp: false,
    scenario: 'ok',
  };
}

function relayRequest(method: string, signedPath: string, scenario: string, body = Buffer.alloc(0)): Case {
  return {
    method,
    target: '/_relay/s3',
    version: 'HTTP/1.1',
    headers: [
      ['Host', own()],
      ['x-s3fm-target', stub.origin],
      ['x-s3fm-path', signedPath],
      ['Authorization', 'AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/s3/aws4_request, Signature=00'],
      ['x-amz-date', '20260101T000000Z'],
    ],
    body,
    framing:
      body.length || method === 'PUT' || method === 'POST' ? { kind: 'length', delta: 0 } : { kind: 'none' },
    split: false,
    halfClose: false,
    followUp: false,
    scenario,
  };
}

function arbitraries() {
  const scenario = fc.constantFrom(...UPSTREAM_SCENARIOS);
  const smallBytes = fc.uint8Array({ maxLength: 48 }).map((a) => Buffer.from(a));
  const body = fc.oneof(
    { weight: 3, arbitrary: smallBytes },
    {
      weight: 1,
      arbitrary: fc.constant(bytesOf('GET /smuggled HTTP/1.1\r\nHost: internal.example\r\n\r\n')),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 16 * 1024, max: 96 * 1024 }).map((n) => Buffer.alloc(n, 0x61)),
    },
  );

  // ---- S3 error documents an endpoint might send (finding 2: numeric references out of range).
  const entity = fc.oneof(
    fc.integer({ min: 0, max: 0x10ffff + 16 }).map((n) => `&#${n};`),
    fc.integer({ min: 0, max: 0x10ffff + 16 }).map((n) => `&#x${n.toString(16)};`),
    fc.constantFrom(
      '&#1114112;',
      '&#99999999999999999999;',
      '&#-1;',
      '&#xD800;',
      '&#55296;',
      '&#0;',
      '&amp;',
      '&bogus;',
      '&',
      '&#;',
    ),
  );
  const xmlText = fc
    .array(fc.oneof(entity, fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), {
      maxLength: 5,
    })
    .map((parts) => parts.join(''));
  const errorXml = fc.oneof(
    fc
      .tuple(xmlText, xmlText, xmlText)
      .map(
        ([code, message, id]) =>
          `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId></Error>`,
      ),
    fc.constantFrom(
      '<Error><Code>&#1114112;</Code></Error>',
      '',
      'not xml at all',
      '<Error><Code>',
      '<Error><Code><Code>x</Code></Code></Error>',
      '<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
    ),
    fc.string({ unit: 'binary', maxLength: 120 }),
  );
  const errorStatus = fc.constantFrom(400, 403, 404, 409, 412, 416, 429, 502, 503, 504);
  /** A signed path that makes the stub behave as one of its scenarios. */
  const stubPath = fc
    .record({
      scenario,
      status: errorStatus,
      xml: errorXml,
      variant: fc.nat(40),
      key: fc.constantFrom('k', 'a/b.txt', ''),
    })
    .map(({ scenario: s, status, xml, variant, key }) => ({
      scenario: s,
      path:
        s === 'error'
          ? scenarioPath(s, { status, body: xml, key })
          : scenarioPath(s, { variant: s === 'bad-status' || s === 'junk' ? variant : undefined, key }),
    }));

  // ---- Valid starting points.
  const relayBase = fc
    .record({ method: fc.constantFrom(...RELAY_METHODS), sp: stubPath, body: smallBytes })
    .map(({ method, sp, body: b }) =>
      relayRequest(method, sp.path, sp.scenario, method === 'PUT' || method === 'POST' ? b : Buffer.alloc(0)),
    );
  const batchFiles = fc.array(
    fc.record({
      key: fc.constantFrom('a.txt', 'dir/b.bin', 'ü.txt', 'x'.repeat(300)),
      type: fc.constantFrom('text/plain', 'application/octet-stream', ''),
      data: fc.uint8Array({ maxLength: 40 }),
    }),
    { minLength: 1, maxLength: 5 },
  );
  const batchBase = fc.record({ sp: stubPath, files: batchFiles }).map(({ sp, files }) => {
    const manifest = validManifest(
      sp.path,
      files.map((f) => ({ key: f.key, type: f.type, size: f.data.length })),
    );
    const c = batchRequest(
      batchBody(
        JSON.stringify(manifest),
        files.map((f) => Buffer.from(f.data)),
      ),
    );
    c.scenario = sp.scenario;
    return c;
  });
  type RequestBatch = { target?: unknown; requests?: unknown };
  const batchedRequest = fc.record({
    method: fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE'),
    headers: fc.constantFrom<Record<string, string>>(
      {},
      { 'x-amz-copy-source': '/b/k%20x', 'x-amz-metadata-directive': 'COPY' },
      { authorization: 'AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/s3/aws4_request, Signature=00' },
    ),
  });
  const requestBatchBase = fc
    .record({ sp: stubPath, requests: fc.array(batchedRequest, { minLength: 1, maxLength: 4 }) })
    .map(({ sp, requests }) => {
      const batch = { target: stub.origin, requests: requests.map((r) => ({ ...r, path: sp.path })) };
      const c = batchRequest(Buffer.from(JSON.stringify(batch)), [], RELAY_REQUESTS_PATH);
      c.scenario = sp.scenario;
      return c;
    });
  /** A zip manifest (answered with a token; the archive's GET is a second request, see zip-archive.test.ts). */
  const zipBase = fc
    .record({
      sp: stubPath,
      names: fc.array(fc.constantFrom('a.txt', 'd/', 'ü/b.bin', '../x', ''), { minLength: 1, maxLength: 4 }),
    })
    .map(({ sp, names }) => {
      const signed = `${stub.origin}${sp.path}${sp.path.includes('?') ? '&' : '?'}X-Amz-Signature=00`;
      const manifest = { fileName: 'f.zip', entries: names.map((name) => ({ name, size: 3, url: signed })) };
      const c = batchRequest(Buffer.from(JSON.stringify(manifest)), [], ZIP_PATH);
      c.scenario = sp.scenario;
      return c;
    });
  const plainGet = (target: string): Case => ({
    method: 'GET',
    target,
    version: 'HTTP/1.1',
    headers: [['Host', own()]],
    body: Buffer.alloc(0),
    framing: { kind: 'none' },
    split: false,
    halfClose: false,
    followUp: false,
    scenario: 'ok',
  });
  const otherBase = fc.oneof(
    fc.constant('/_relay/config').map(plainGet),
    fc.constant('/healthz').map(plainGet),
    fc.constantFrom(...STATIC_PATHS).map(plainGet),
  );

  // ---- Mutations of every part a client controls.
  const hostValue = fc.constantFrom(
    own(),
    `localhost:${port}`,
    `[::1]:${port}`,
    '127.0.0.1',
    'rebind.attacker.example',
    `rebind.attacker.example:${port}`,
    '',
    'a b',
    '[::1',
    'localhost.',
    'x.localhost:1',
    '127.0.0.1:99999',
  );
  const interesting: Record<string, fc.Arbitrary<string>> = {
    Host: hostValue,
    Origin: fc.constantFrom(
      `http://${own()}`,
      'http://evil.example',
      'null',
      `http://localhost:${port}`,
      `https://${own()}`,
      'garbage',
      '',
    ),
    'Sec-Fetch-Site': fc.constantFrom('same-origin', 'cross-site', 'same-site', 'none', 'junk'),
    'Content-Type': fc.constantFrom(
      'application/octet-stream',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      'APPLICATION/OCTET-STREAM; charset=binary',
      '',
    ),
    'x-s3fm-target': fc.constantFrom(
      stub.origin,
      `${stub.origin}/`,
      'http://127.0.0.1:1',
      'http://169.254.169.254',
      `http://user@127.0.0.1:${stub.port}`,
      'ftp://127.0.0.1',
      'garbage',
      'http://[::ffff:a9fe:a9fe]',
      '',
    ),
    'x-s3fm-path': fc.oneof(
      stubPath.map((s) => s.path),
      fc.constantFrom(
        '//evil.example/x',
        '/\\evil',
        '/a#b',
        '',
        'no-slash',
        `/${'a'.repeat(9000)}`,
        '/a b',
        '/\x7f',
        '/\xe9',
      ),
    ),
    Expect: fc.constantFrom('100-continue', 'something-else'),
    Connection: fc.constantFrom('close', 'keep-alive', 'upgrade', 'x-s3fm-target', 'host, content-length'),
    Upgrade: fc.constantFrom('websocket', 'h2c'),
    'Transfer-Encoding': fc.constantFrom('chunked', 'gzip', 'chunked, chunked', 'identity', 'CHUNKED'),
    'Content-Length': fc.constantFrom(
      '0',
      '5',
      '-1',
      'abc',
      '1,1',
      '99999999999999999999',
      '16777216',
      '16777217',
    ),
    'X-Forwarded-For': fc.constantFrom('10.0.0.1', '1.1.1.1, 2.2.2.2'),
    Authorization: fc.constantFrom('Basic dXNlcjpwYXNz', ''),
    Cookie: fc.constantFrom('session=1', ''),
    TE: fc.constantFrom('trailers', 'gzip'),
  };
  const headerName = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...Object.keys(interesting)) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/) },
    { weight: 1, arbitrary: fc.constantFrom('bad name', 'x\x00y', ':', '', 'x-\xff', 'host ') },
  );
  const junkValue = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.constantFrom(
      '\x00',
      '\x7f',
      '\xff\xfe',
      'a\r\nX-Injected: 1',
      'a\nb',
      'a'.repeat(200),
      'b'.repeat(20_000),
    ),
  );
  const headerFor = (name: string) =>
    interesting[name] ? fc.oneof({ weight: 4, arbitrary: interesting[name] }, junkValue) : junkValue;
  const headerPair = headerName.chain((name) =>
    headerFor(name).map((value) => [name, value] as [string, string]),
  );

  const framing: fc.Arbitrary<Framing> = fc.oneof(
    fc.constant<Framing>({ kind: 'none' }),
    fc.integer({ min: -8, max: 8 }).map<Framing>((delta) => ({ kind: 'length', delta })),
    fc
      .constantFrom('abc', '-1', '1, 2', '+5', ' 5', '0x10', '99999999999999999999', '')
      .map<Framing>((value) => ({ kind: 'length-text', value })),
    fc.nat(100).map<Framing>((second) => ({ kind: 'length-dup', second })),
    fc
      .record({
        te: fc.constantFrom('chunked', 'chunked', 'Chunked', 'gzip, chunked', 'chunked, gzip', 'identity'),
        pieces: fc.integer({ min: 1, max: 5 }),
      })
      .map<Framing>(({ te, pieces }) => ({ kind: 'chunked', te, pieces })),
    fc
      .constantFrom('bad-size', 'no-end', 'huge-size', 'no-crlf', 'ext-junk', 'short')
      .map<Framing>((how) => ({ kind: 'chunked-broken', how: how as never })),
    fc.constant<Framing>({ kind: 'length-and-chunked' }),
  );

  type Mutation = (c: Case) => void;
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc
      .constantFrom(
        'GET',
        'HEAD',
        'PUT',
        'POST',
        'DELETE',
        'OPTIONS',
        'PATCH',
        'TRACE',
        'CONNECT',
        'PROPFIND',
        'get',
        'G\x00T',
        'X'.repeat(64),
      )
      .map(
        (m): Mutation =>
          (c) =>
            void (c.method = m),
      ),
    fc
      .oneof(
        fc.constantFrom(
          '/_relay/s3',
          '/_relay/s3?x=1',
          '/_relay/batch',
          RELAY_REQUESTS_PATH,
          ZIP_PATH,
          `${ZIP_PATH}/${'A'.repeat(43)}`,
          `${ZIP_PATH}/..%2f..%2fetc`,
          '/_relay/config',
          '/healthz',
          '*',
          'http://evil.example/_relay/s3',
          '//evil.example/',
          '/_relay/s3#frag',
          `/${'x'.repeat(9000)}`,
          '',
          '/\xff\xfe',
        ),
        fc.constantFrom(...STATIC_PATHS),
        fc.string({ maxLength: 20 }).map((s) => `/${s}`),
      )
      .map(
        (t): Mutation =>
          (c) =>
            void (c.target = t),
      ),
    fc.constantFrom('HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'HTTP/1.2', 'http/1.1', 'HTTP/1.1 x', '').map(
      (v): Mutation =>
        (c) =>
          void (c.version = v),
    ),
    headerPair.map(([name, value]): Mutation => (c) => {
      c.headers = c.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase());
      c.headers.push([name, value]);
    }),
    headerPair.map(
      ([name, value]): Mutation =>
        (c) =>
          void c.headers.push([name, value]),
    ),
    headerName.map(
      (name): Mutation =>
        (c) =>
          void (c.headers = c.headers.filter(([n]) => n.toLowerCase() !== name.toLowerCase())),
    ),
    fc.nat(200).map((n): Mutation => (c) => {
      for (let i = 0; i < n; i++) c.headers.push([`X-Pad-${i}`, 'p'.repeat(40)]);
    }),
    body.map(
      (b): Mutation =>
        (c) =>
          void (c.body = b),
    ),
    framing.map(
      (f): Mutation =>
        (c) =>
          void (c.framing = f),
    ),
    fc.double({ min: 0, max: 0.999, noNaN: true }).map(
      (t): Mutation =>
        (c) =>
          void (c.truncate = t),
    ),
    fc.constant<Mutation>((c) => void (c.split = true)),
    fc.constant<Mutation>((c) => void (c.halfClose = true)),
    fc.constant<Mutation>((c) => void (c.followUp = true)),
  );

  const clientCase = fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: relayBase },
        { weight: 2, arbitrary: batchBase },
        { weight: 1, arbitrary: requestBatchBase },
        { weight: 1, arbitrary: zipBase },
        { weight: 2, arbitrary: otherBase },
      ),
      fc.array(mutation, { maxLength: 4 }),
    )
    .map(([base, mutations]) => {
      const c = structuredCloneCase(base);
      for (const m of mutations) m(c);
      return c;
    });

  // ---- Batch manifests: valid ones, then every field given every wrong type, and the framing lengths broken.
  const wrongValue = fc.oneof(
    fc.constantFrom(null, 0, -1, 1.5, 2 ** 53, 1e300, '', 'x', true, [], {}, [null], { length: 3 }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const fileEntryMutation = fc.oneof(
    fc.constantFrom('key', 'type', 'size').chain((field) => wrongValue.map((v) => ({ field, v }))),
    fc.constantFrom(null, 1, 'file', [], true).map((v) => ({ field: '*', v })),
  );
  type ManifestMutation = (m: Record<string, unknown>) => unknown;
  const manifestMutation: fc.Arbitrary<ManifestMutation> = fc.oneof(
    fc
      .constantFrom('endpoint', 'path', 'fields', 'files')
      .chain((field) => wrongValue.map((v): ManifestMutation => (m) => ({ ...m, [field]: v }))),
    fc.constantFrom('endpoint', 'path', 'fields', 'files').map(
      (field): ManifestMutation =>
        (m) =>
          Object.fromEntries(Object.entries(m).filter(([k]) => k !== field)),
    ),
    fc
      .constantFrom(
        'http://127.0.0.1:1',
        'http://169.254.169.254',
        `${stub.origin}/x`,
        `https://127.0.0.1:${stub.port}`,
        'javascript:1',
      )
      .map((e): ManifestMutation => (m) => ({ ...m, endpoint: e })),
    fc
      .constantFrom('//evil.example/', '/\\x', 'no-slash', '/a#b', `/${'p'.repeat(5000)}`, '/\u00e9/')
      .map((p): ManifestMutation => (m) => ({ ...m, path: p })),
    fc
      .constantFrom<unknown>(
        { 'a\r\nb': 'x' },
        { Policy: 1 },
        { __proto__: 'x' },
        JSON.parse('{"__proto__": {"polluted": 1}}'),
        { key: 'override', file: 'x', 'Content-Type': 'evil' },
        Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`f${i}`, 'v'])),
      )
      .map((fields): ManifestMutation => (m) => ({ ...m, fields })),
    fc.tuple(fc.nat(4), fileEntryMutation).map(([i, { field, v }]): ManifestMutation => (m) => {
      const files = Array.isArray(m.files) ? [...m.files] : [];
      const at = i % Math.max(1, files.length);
      files[at] = field === '*' ? v : { ...(files[at] as object), [field]: v };
      return { ...m, files };
    }),
    fc.constantFrom(0, 1001).map((n): ManifestMutation => (m) => ({
      ...m,
      files: Array.from({ length: n }, () => ({ key: 'k', type: 't', size: 0 })),
    })),
  );
  const manifestText = fc.oneof(
    { weight: 6, arbitrary: fc.constant(undefined) }, // the (mutated) manifest as JSON
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'null',
        '[]',
        '1',
        '"x"',
        'true',
        '{}',
        '',
        '{',
        '\u0000',
        '[[[[[[[[[[]]]]]]]]]]',
        `${'['.repeat(100_000)}`,
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  );
  const batchCase = fc
    .record({
      base: batchBase,
      files: batchFiles,
      mutations: fc.array(manifestMutation, { maxLength: 3 }),
      text: manifestText,
      prefix: fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -6, max: 6 }) },
        { weight: 1, arbitrary: fc.constantFrom(-1e9, 1e9, 2 ** 31, 0xffff_ffff) },
      ),
      fileDelta: fc.oneof(
        { weight: 5, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }) },
      ),
      lengthDelta: fc.oneof(
        { weight: 8, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -4, max: 4 }) },
      ),
      origin: fc.constantFrom(undefined, undefined, `http://${own()}`),
      sp: stubPath,
    })
    .map(({ files, mutations, text, prefix, fileDelta, lengthDelta, origin, sp }) => {
      let manifest: unknown = validManifest(
        sp.path,
        files.map((f) => ({ key: f.key, type: f.type, size: f.data.length })),
      );
      for (const m of mutations) manifest = m(manifest as Record<string, unknown>);
      const json = Buffer.from(text ?? JSON.stringify(manifest), 'utf8');
      let data = Buffer.concat(files.map((f) => Buffer.from(f.data)));
      if (fileDelta > 0) data = Buffer.concat([data, Buffer.alloc(fileDelta, 0x7a)]);
      if (fileDelta < 0) data = data.subarray(0, Math.max(0, data.length + fileDelta));
      const declared = prefix === 0 ? json.length : Math.min(0xffff_ffff, Math.max(0, json.length + prefix));
      const c = batchRequest(batchBody(json, [data], declared), origin ? [['Origin', origin]] : []);
      c.framing = { kind: 'length', delta: lengthDelta };
      c.scenario = sp.scenario;
      return c;
    });

  // ---- Request batches (signed requests without bodies, forwarded one by one): valid ones, then every field given
  // every wrong type, hostile headers and paths, the wrong counts and lengths.
  type RequestBatchMutation = (b: RequestBatch) => RequestBatch;
  const atRequest = (i: number, change: (r: Record<string, unknown>) => unknown): RequestBatchMutation => {
    return (b) => {
      const requests = Array.isArray(b.requests) ? [...(b.requests as unknown[])] : [];
      const at = i % Math.max(1, requests.length);
      requests[at] = change({ ...(requests[at] as object) });
      return { ...b, requests };
    };
  };
  const requestBatchMutation: fc.Arbitrary<RequestBatchMutation> = fc.oneof(
    fc
      .constantFrom('target', 'requests')
      .chain((field) => wrongValue.map((v): RequestBatchMutation => (b) => ({ ...b, [field]: v }))),
    fc.constantFrom<RequestBatchMutation>(
      ({ target }) => ({ target }),
      ({ requests }) => ({ requests }),
    ),
    fc
      .constantFrom(
        'http://127.0.0.1:1',
        'http://169.254.169.254',
        'javascript:1',
        `https://127.0.0.1:${stub.port}`,
      )
      .map((target): RequestBatchMutation => (b) => ({ ...b, target })),
    fc
      .tuple(fc.nat(4), fc.constantFrom('method', 'path', 'headers'), wrongValue)
      .map(([i, field, v]) => atRequest(i, (r) => ({ ...r, [field]: v }))),
    fc.tuple(fc.nat(4), fc.constantFrom(null, 1, 'GET /', [])).map(([i, v]) => atRequest(i, () => v)),
    fc
      .tuple(fc.nat(4), fc.constantFrom('POST', 'get', 'CONNECT', 'G\x00T', 'PATCH'))
      .map(([i, method]) => atRequest(i, (r) => ({ ...r, method }))),
    fc
      .tuple(
        fc.nat(4),
        fc.constantFrom(
          '//evil.example/',
          'no-slash',
          '/a#b',
          'http://evil.example/x',
          `/${'p'.repeat(9000)}`,
        ),
      )
      .map(([i, path]) => atRequest(i, (r) => ({ ...r, path }))),
    fc
      .tuple(
        fc.nat(4),
        fc.constantFrom<unknown>(
          { 'a\r\nb': 'x' },
          { x: 'a\r\nInjected: 1' },
          { '': 'x' },
          { host: 'evil.example', 'content-length': '5', 'transfer-encoding': 'chunked' },
          { x: 'y'.repeat(70_000) },
          Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`h${i}`, 'v'])),
          JSON.parse('{"__proto__": {"polluted": 1}}'),
        ),
      )
      .map(([i, headers]) => atRequest(i, (r) => ({ ...r, headers }))),
    fc.constantFrom(0, 201).map((n): RequestBatchMutation => (b) => ({
      ...b,
      requests: Array.from({ length: n }, () => ({ method: 'GET', path: '/b/k', headers: {} })),
    })),
  );
  const requestBatchCase = fc
    .record({
      sp: stubPath,
      requests: fc.array(batchedRequest, { minLength: 1, maxLength: 4 }),
      mutations: fc.array(requestBatchMutation, { maxLength: 3 }),
      text: manifestText,
      lengthDelta: fc.oneof(
        { weight: 8, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -4, max: 4 }) },
      ),
      origin: fc.constantFrom(undefined, undefined, `http://${own()}`),
    })
    .map(({ sp, requests, mutations, text, lengthDelta, origin }) => {
      let batch: RequestBatch = {
        target: stub.origin,
        requests: requests.map((r) => ({ ...r, path: sp.path })),
      };
      for (const m of mutations) batch = m(batch);
      const json = Buffer.from(text ?? JSON.stringify(batch), 'utf8');
      const c = batchRequest(json, origin ? [['Origin', origin]] : [], RELAY_REQUESTS_PATH);
      c.framing = { kind: 'length', delta: lengthDelta };
      c.scenario = sp.scenario;
      return c;
    });

  // ---- Hostile endpoints: valid requests, every scenario.
  const upstreamCase = fc.oneof(
    { weight: 3, arbitrary: relayBase },
    { weight: 2, arbitrary: batchBase },
    { weight: 2, arbitrary: requestBatchBase },
  );

  return { clientCase, batchCase, requestBatchCase, upstreamCase };
}

function structuredCloneCase(c: Case): Case {
  return { ...c, headers: c.headers.map(([n, v]) => [n, v]), framing: { ...c.framing } };
}

// -----------------------------------------------------------------------------------------------------------------
// Running and judging cases

function touchesRelay(c: Case): boolean {
  return ['/_relay/s3', '/_relay/batch', RELAY_REQUESTS_PATH, ZIP_PATH].some((path) =>
    c.target.startsWith(path),
  );
}

/** What is wrong with the server's answer to `c`, or undefined when it is acceptable. */
function judge(c: Case, wire: Wire, ex: Exchange): string | undefined {
  if (ex.connectError) return `the server refused the connection (${ex.connectError}): is it still running?`;
  const closed = ex.ending === 'closed';
  const parsed = parseResponses(ex.data, wire.headFlags, closed);
  const upstreamMayStall =
    HANGING_SCENARIOS.has(c.scenario) || c.scenario === 'slow-body' || c.scenario === 'slow-headers';
  const relayMayCut =
    c.target.startsWith('/_relay/s3') && (TRUNCATING_SCENARIOS.has(c.scenario) || upstreamMayStall);

  if (parsed.malformed) {
    // A relayed body the endpoint broke is cut by the relay; that may end mid-chunk, which is the intended signal.
    if (!(parsed.rest === 'partial-body' && relayMayCut && closed))
      return `malformed answer: ${parsed.malformed}`;
  }
  if (parsed.rest === 'partial-head') return `a half-written head, then ${closed ? 'close' : 'silence'}`;
  if (
    parsed.rest === 'partial-body' &&
    !relayMayCut &&
    !(upstreamMayStall && !closed) &&
    !(wire.complete !== 'yes' && !closed)
  ) {
    return `a half-written body, then ${closed ? 'close' : 'silence'}`;
  }
  for (const r of parsed.responses) {
    if (r.status >= 500 && !(touchesRelay(c) && [502, 503, 504].includes(r.status))) {
      return `status ${r.status} (${showBytes(r.body, 200)})`;
    }
  }
  if (
    parsed.responses.length === 0 &&
    parsed.rest === 'none' &&
    !closed &&
    wire.complete === 'yes' &&
    !HANGING_SCENARIOS.has(c.scenario)
  ) {
    return `no answer within ${ex.ms} ms to a whole request`;
  }
  return undefined;
}

function record(ex: Exchange, wire: Wire): void {
  stats.cases++;
  const parsed = parseResponses(ex.data, wire.headFlags, ex.ending === 'closed');
  if (parsed.responses.length) stats.answered++;
  else if (ex.ending === 'closed') stats.closedSilently++;
  else stats.waited++;
  for (const r of parsed.responses) stats.byStatus.set(r.status, (stats.byStatus.get(r.status) ?? 0) + 1);
  rssPeak = Math.max(rssPeak, rssMiB());
}

function describeCase(c: Case, wire: Wire): string {
  const how = [
    `scenario=${c.scenario}`,
    c.truncate !== undefined ? `truncated to ${Math.floor(wire.bytes.length)} bytes` : '',
    c.split ? 'split' : '',
    c.halfClose ? 'half-closed' : '',
  ].filter(Boolean);
  return `${how.join(', ')}\n    request: "${showBytes(wire.bytes, 700)}"`;
}

/** Runs `cases` CONCURRENCY at a time; returns one line per failed case. */
async function runCases(cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      const wire = serialize(c);
      const waitForAnswer = wire.complete === 'yes' && !HANGING_SCENARIOS.has(c.scenario);
      const ex = await exchange(port, {
        steps: wire.steps,
        halfClose: c.halfClose,
        headFlags: wire.headFlags,
        idleMs: waitForAnswer ? ANSWER_WAIT_MS : INCOMPLETE_WAIT_MS,
        deadlineMs: ANSWER_WAIT_MS + 1000,
      });
      record(ex, wire);
      const failure = judge(c, wire, ex);
      if (failure)
        failures.push(`${failure}\n    ${describeCase(c, wire)}\n    answer: "${showBytes(ex.data, 300)}"`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return failures;
}

/** After each run: the process recorded no fatal error, and the server still answers. */
async function processHealth(): Promise<string[]> {
  await new Promise((r) => setTimeout(r, 20)); // Let a failure thrown in a callback surface.
  const problems = watch.errors.splice(0).map((e) => `the process would have exited: ${e}`);
  const probe = await rawGet(port, '/healthz', { Host: own() }, 3000);
  if (!probe.response) problems.push(`GET /healthz got no answer after the run (${probe.exchange.ending})`);
  return problems;
}

/** Checks `property` over `runs` runs of `perRun` cases each; fails with the failing cases, readable. */
async function fuzz(name: string, arb: fc.Arbitrary<Case>, runs: number, perRun: number): Promise<void> {
  let lastFailure: string[] = [];
  const property = fc.asyncProperty(
    fc.array(arb, { minLength: SHRINK ? 1 : perRun, maxLength: perRun }),
    async (cases) => {
      const failures = [...(await runCases(cases)), ...(await processHealth())];
      if (failures.length) {
        lastFailure = failures;
        return false;
      }
      return true;
    },
  );
  const numRuns = Math.max(1, Math.round(runs * SCALE));
  const details = await fc.check(property, { seed: SEED, numRuns, endOnFailure: !SHRINK });
  if (details.failed) {
    const shown = lastFailure.slice(0, 6).map((f, i) => `  ${i + 1}. ${f}`);
    const more = lastFailure.length > 6 ? `\n  ... and ${lastFailure.length - 6} more` : '';
    throw new Error(
      `${name}: ${lastFailure.length} failure(s) in run ${details.numRuns} ` +
        `(reproduce: S3FM_FUZZ_SEED=${details.seed}, path ${details.counterexamplePath ?? '-'})\n${shown.join('\n')}${more}`,
    );
  }
}

// -----------------------------------------------------------------------------------------------------------------

describe('the server under fuzzing', () => {
  it('survives any client: methods, targets, headers, framings, truncated and oversized bodies', async () => {
    await fuzz('client fuzz', arbitraries().clientCase, 8, 125);
  }, 120_000);

  it('survives any batch body: valid manifests mutated, wrong types for every field, wrong lengths', async () => {
    await fuzz('batch fuzz', arbitraries().batchCase, 5, 120);
  }, 120_000);

  it('survives any request batch: requests mutated, hostile headers and paths, wrong counts and lengths', async () => {
    await fuzz('request batch fuzz', arbitraries().requestBatchCase, 5, 120);
  }, 120_000);

  it('survives any endpoint: bad XML, error bodies, huge headers, slow bodies, resets, silence', async () => {
    await fuzz('endpoint fuzz', arbitraries().upstreamCase, 4, 100);
  }, 120_000);

  it('holds its memory', () => {
    const growth = rssMiB() - rssBefore;
    expect(growth, `RSS grew by ${growth.toFixed(0)} MiB (peak ${rssPeak.toFixed(0)} MiB)`).toBeLessThan(
      RSS_GROWTH_LIMIT_MIB,
    );
  });
});

// -----------------------------------------------------------------------------------------------------------------
// Known crashes (issue 18) and the server's rules, as explicit cases: each names the exact bytes on the wire.

async function one(
  c: Case,
  waitMs = 3000,
): Promise<{ response?: ParsedResponse; wire: Wire; ex: Exchange; errors: string[] }> {
  const wire = serialize(c);
  const ex = await exchange(port, {
    steps: wire.steps,
    headFlags: wire.headFlags,
    idleMs: waitMs,
    deadlineMs: waitMs,
  });
  await new Promise((r) => setTimeout(r, 20));
  const errors = watch.errors.splice(0);
  const response = parseResponses(ex.data, wire.headFlags, ex.ending === 'closed').responses[0];
  return { response, wire, ex, errors };
}

function expectS3Error(response: ParsedResponse | undefined, status: number | number[], code?: string): void {
  expect(response, 'an answer').toBeDefined();
  expect([status].flat()).toContain(response!.status);
  const text = response!.body.toString('utf8');
  expect(text).toMatch(/<Error><Code>[^<]+<\/Code><Message>[^<]*<\/Message><\/Error>/);
  if (code) expect(text).toContain(`<Code>${code}</Code>`);
}

describe('known crashes (issue 18)', () => {
  it('finding 1: a batch whose manifest is `null`, sent cross-site as text/plain, is refused and the process lives', async () => {
    const c = batchRequest(batchBody('null', []), [['Origin', 'http://evil.example']]);
    c.headers = c.headers.map(([n, v]) => (n === 'Content-Type' ? [n, 'text/plain'] : [n, v]));
    const { response, errors } = await one(c);
    expect(errors).toEqual([]);
    expectS3Error(response, [403, 415]);
  });

  it('finding 1: a batch whose manifest is `null`, same-origin and well typed, is a 400', async () => {
    const { response, errors } = await one(batchRequest(batchBody('null', [])));
    expect(errors).toEqual([]);
    expectS3Error(response, 400, 'RelayBadRequest');
  });

  it.each([
    '[]',
    '1',
    '"x"',
    'true',
    '{}',
    '{"files":null}',
    '{"files":[null]}',
    '{"fields":null,"files":[]}',
  ])('a batch whose manifest is %s is a 400 or 403', async (json) => {
    const { response, errors } = await one(batchRequest(batchBody(json, [])));
    expect(errors).toEqual([]);
    expectS3Error(response, [400, 403]);
  });

  it('finding 2: an endpoint answering a batch file with `<Error><Code>&#1114112;</Code></Error>` is reported, and the process lives', async () => {
    const errorPath = scenarioPath('error', { status: 400, body: '<Error><Code>&#1114112;</Code></Error>' });
    const manifest = validManifest(errorPath, [{ key: 'a.txt', type: 'text/plain', size: 2 }]);
    const { response, errors } = await one(
      batchRequest(batchBody(JSON.stringify(manifest), [Buffer.from('hi')])),
    );
    expect(errors).toEqual([]);
    expect(response?.status).toBe(200);
    const lines = response!.body
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; status: number });
    expect(lines).toMatchObject([{ i: 0, status: 400 }]);
  });
});

describe('the rules, on the wire', () => {
  const relayGet = (extra: [string, string][] = []) => {
    const c = relayRequest('GET', scenarioPath('ok', { key: 'k' }), 'ok');
    c.headers.push(...extra);
    return c;
  };

  it('answers GET /healthz with 200', async () => {
    const probe = await rawGet(port, '/healthz', { Host: own() });
    expect(probe.response?.status).toBe(200);
    // Its own answer, not the page's fallback (this suite serves a built app).
    expect(probe.response?.body.toString('utf8')).not.toContain('<title>s3fm</title>');
  });

  it('relays a plain request from a non-browser client and from its own origin', async () => {
    expect((await one(relayGet())).response?.status).toBe(200);
    expect(
      (
        await one(
          relayGet([
            ['Origin', `http://${own()}`],
            ['Sec-Fetch-Site', 'same-origin'],
          ]),
        )
      ).response?.status,
    ).toBe(200);
  });

  it.each(['rebind.attacker.example', 'rebind.attacker.example:8080'])(
    'answers Host %s with 421',
    async (host) => {
      const c = relayGet();
      c.headers = c.headers.map(([n, v]) => (n === 'Host' ? [n, host] : [n, v]));
      expect((await one(c)).response?.status).toBe(421);
      const config = await rawGet(port, '/_relay/config', { Host: host });
      expect(config.response?.status).toBe(421);
    },
  );

  it.each([
    ['Sec-Fetch-Site', 'cross-site'],
    ['Sec-Fetch-Site', 'same-site'],
    ['Origin', 'http://evil.example'],
    ['Origin', 'null'],
  ])('refuses %s: %s on the relay and the batch lane (403)', async (name, value) => {
    expectS3Error((await one(relayGet([[name, value]]))).response, 403);
    const manifest = validManifest(scenarioPath('ok'), [{ key: 'a', type: 't', size: 1 }]);
    const batch = batchRequest(batchBody(JSON.stringify(manifest), [Buffer.from('a')]), [[name, value]]);
    expectS3Error((await one(batch)).response, 403);
  });

  it('takes a batch as application/octet-stream only (415), of stated length (411), at most 16 MiB (413)', async () => {
    const manifest = validManifest(scenarioPath('ok'), [{ key: 'a', type: 't', size: 1 }]);
    const body = batchBody(JSON.stringify(manifest), [Buffer.from('a')]);
    const textPlain = batchRequest(body);
    textPlain.headers = textPlain.headers.map(([n, v]) =>
      n === 'Content-Type' ? [n, 'text/plain'] : [n, v],
    );
    expectS3Error((await one(textPlain)).response, 415);

    const chunked = batchRequest(body);
    chunked.framing = { kind: 'chunked', te: 'chunked', pieces: 2 };
    expectS3Error((await one(chunked)).response, 411);

    const huge = batchRequest(Buffer.alloc(0));
    huge.framing = { kind: 'length-text', value: String(16 * 1024 * 1024 + 1) };
    expectS3Error((await one(huge)).response, 413);
  });

  it.each(['GET', 'HEAD', 'DELETE', 'OPTIONS'])(
    'refuses a body on %s (400; OPTIONS may be 405), and nothing reaches the endpoint',
    async (method) => {
      const smuggled = bytesOf('GET /smuggled HTTP/1.1\r\nHost: internal.example\r\n\r\n');
      const record: Buffer[] = [];
      stub.record = record;
      try {
        for (const framing of [
          { kind: 'length', delta: 0 },
          { kind: 'chunked', te: 'chunked', pieces: 1 },
        ] as Framing[]) {
          const c = relayRequest(method, scenarioPath('ok', { key: 'k' }), 'ok', smuggled);
          c.framing = framing;
          const { response } = await one(c);
          // The relay may refuse OPTIONS outright (405): S3 needs it for CORS preflights only, which never come here.
          const refused = method === 'OPTIONS' ? [400, 405] : [400];
          expect(refused).toContain(response?.status);
          if (method !== 'HEAD') expectS3Error(response, refused);
        }
      } finally {
        stub.record = undefined;
      }
      expect(Buffer.concat(record).toString('latin1')).not.toContain('/smuggled');
    },
  );

  it('answers a relay request with a bad target in S3-style XML', async () => {
    const c = relayGet();
    c.headers = c.headers.map(([n, v]) => (n === 'x-s3fm-target' ? [n, 'http://127.0.0.1:1'] : [n, v]));
    const { response } = await one(c);
    expectS3Error(response, 403, 'RelayTargetNotAllowed');
    expect(header(response!, 'content-type')).toMatch(/xml/);
  });
});
