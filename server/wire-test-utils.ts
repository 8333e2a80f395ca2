// Helpers for the fuzz and load tests (server/fuzz.test.ts, server/load.test.ts): raw TCP exchanges with the app's
// server (node:http as a client would refuse or normalise most of what a hostile client sends), a strict reader
// of HTTP/1.1 answers, a hostile stub endpoint on a raw socket, and a watch for failures that would end the process.
import net from 'node:net';

// ---------------------------------------------------------------------------------------------------------------
// Raw exchanges

/** One write of a request; `delayMs` is waited before it (slow clients, split framing). */
export interface Step {
  bytes: Buffer;
  delayMs?: number;
}

export interface ExchangeOptions {
  steps: Step[];
  /** Send FIN after the last step (a client that half-closes). */
  halfClose?: boolean;
  /** One flag per request sent: true for HEAD (its answer has no body). Stop once this many answers are whole. */
  headFlags: boolean[];
  /** Give up after this long without a byte from the server, and after `deadlineMs` in all. */
  idleMs: number;
  deadlineMs: number;
}

export interface Exchange {
  /** Every byte the server sent. */
  data: Buffer;
  /** 'closed': the server ended or reset the connection; 'gave-up': we closed it (answers whole, idle or deadline). */
  ending: 'closed' | 'gave-up';
  /** Set when the connection could not be made at all: the server is gone. */
  connectError?: string;
  ms: number;
}

const MAX_KEPT_BYTES = 4 * 1024 * 1024;

/** Sends `steps` over a new TCP connection and collects the answer until the server closes or we give up. */
export function exchange(port: number, options: ExchangeOptions): Promise<Exchange> {
  return new Promise((resolve) => {
    const started = Date.now();
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;
    let connected = false;
    const timers: NodeJS.Timeout[] = [];
    let idleTimer: NodeJS.Timeout | undefined;
    const socket = net.connect({ port, host: '127.0.0.1' });

    const finish = (ending: Exchange['ending'], connectError?: string) => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      if (idleTimer) clearTimeout(idleTimer);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), ending, connectError, ms: Date.now() - started });
    };
    const armIdle = () => {
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => finish('gave-up'), options.idleMs);
    };

    timers.push(setTimeout(() => finish('gave-up'), options.deadlineMs));
    socket.on('connect', () => {
      connected = true;
      armIdle();
      let at = 0;
      for (const step of options.steps) {
        at += step.delayMs ?? 0;
        const write = () => {
          if (!socket.destroyed && socket.writable) socket.write(step.bytes);
        };
        if (at === 0) write();
        else timers.push(setTimeout(write, at));
      }
      if (options.halfClose) timers.push(setTimeout(() => socket.writable && socket.end(), at));
    });
    socket.on('data', (chunk: Buffer) => {
      if (kept < MAX_KEPT_BYTES) chunks.push(chunk);
      kept += chunk.length;
      armIdle();
      // Whole answers to every request: nothing more is owed, do not wait for keep-alive to time out.
      const parsed = parseResponses(Buffer.concat(chunks), options.headFlags, false);
      if (parsed.rest === 'none' && parsed.responses.length >= options.headFlags.length) finish('gave-up');
    });
    socket.on('end', () => finish('closed'));
    // A reset from the server (or EPIPE after it closed) ends the exchange like a close; what arrived still counts.
    socket.on('error', (err: NodeJS.ErrnoException) =>
      connected ? finish('closed') : finish('closed', err.code ?? err.message),
    );
    socket.on('close', () => finish('closed'));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// A strict reader of HTTP/1.1 answers (RFC 9112): what a browser or proxy in front of the app would have to parse.

export interface ParsedResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

export interface ParsedStream {
  /** Final answers (1xx interim answers are checked, then left out). */
  responses: ParsedResponse[];
  /** What follows the last whole answer. */
  rest: 'none' | 'partial-head' | 'partial-body';
  /** Set when the bytes are not HTTP/1.1 at all: a half-written or corrupt answer. */
  malformed?: string;
}

const STATUS_LINE = /^HTTP\/1\.1 (\d{3})(?: [\t\x20-\x7e\x80-\xff]*)?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*([\t\x20-\x7e\x80-\xff]*?)[ \t]*$/;

/**
 * Splits `data` into answers. `headFlags[i]` says whether the i-th request was HEAD. `closed`: the server closed
 * the connection, so an answer framed by the close is whole.
 */
export function parseResponses(data: Buffer, headFlags: boolean[], closed: boolean): ParsedStream {
  const responses: ParsedResponse[] = [];
  let at = 0;
  while (at < data.length) {
    const headEnd = data.indexOf('\r\n\r\n', at, 'latin1');
    if (headEnd < 0) {
      // Not even the start of a status line is a corrupt answer, whatever arrives later.
      const start = data.subarray(at, Math.min(data.length, at + 9)).toString('latin1');
      if (!'HTTP/1.1 '.startsWith(start) && !start.startsWith('HTTP/1.1 ')) {
        return { responses, rest: 'partial-head', malformed: `not a status line: ${JSON.stringify(start)}` };
      }
      return { responses, rest: 'partial-head' };
    }
    const lines = data.subarray(at, headEnd).toString('latin1').split('\r\n');
    const statusMatch = STATUS_LINE.exec(lines[0]);
    if (!statusMatch)
      return { responses, rest: 'partial-head', malformed: `bad status line ${JSON.stringify(lines[0])}` };
    const status = Number(statusMatch[1]);
    const headers: [string, string][] = [];
    for (const line of lines.slice(1)) {
      const m = HEADER_LINE.exec(line);
      if (!m)
        return { responses, rest: 'partial-head', malformed: `bad header line ${JSON.stringify(line)}` };
      headers.push([m[1].toLowerCase(), m[2]]);
    }
    at = headEnd + 4;
    if (status < 100 || status > 599) return { responses, rest: 'none', malformed: `status ${status}` };
    if (status === 101) return { responses, rest: 'none', malformed: 'an upgrade nobody asked for' };
    if (status < 200) continue; // 100 Continue, 103 Early Hints: the final answer follows.

    const isHead = headFlags[responses.length] ?? false;
    const te = headers.filter(([n]) => n === 'transfer-encoding').map(([, v]) => v.toLowerCase());
    const cl = headers.filter(([n]) => n === 'content-length').map(([, v]) => v);
    if (te.length && cl.length)
      return { responses, rest: 'none', malformed: 'both Transfer-Encoding and Content-Length' };
    if (cl.length && (!cl.every((v) => /^\d+$/.test(v)) || new Set(cl).size > 1)) {
      return { responses, rest: 'none', malformed: `bad Content-Length ${JSON.stringify(cl)}` };
    }

    if (isHead || status === 204 || status === 304) {
      responses.push({ status, headers, body: Buffer.alloc(0) });
      continue;
    }
    if (te.length) {
      if (te.join(',').replace(/\s/g, '') !== 'chunked') {
        return { responses, rest: 'none', malformed: `Transfer-Encoding ${te.join(', ')}` };
      }
      const chunked = readChunked(data, at);
      if (chunked.malformed) return { responses, rest: 'partial-body', malformed: chunked.malformed };
      if (!chunked.body) return { responses, rest: 'partial-body' };
      responses.push({ status, headers, body: chunked.body });
      at = chunked.end;
      continue;
    }
    if (cl.length) {
      const length = Number(cl[0]);
      if (data.length - at < length) return { responses, rest: 'partial-body' };
      responses.push({ status, headers, body: data.subarray(at, at + length) });
      at += length;
      continue;
    }
    // Neither: the body runs until the server closes the connection.
    if (!closed) return { responses, rest: 'partial-body' };
    responses.push({ status, headers, body: data.subarray(at) });
    at = data.length;
  }
  return { responses, rest: 'none' };
}

function readChunked(data: Buffer, start: number): { body?: Buffer; end: number; malformed?: string } {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at, 'latin1');
    if (lineEnd < 0) return { end: at };
    const sizeLine = data.subarray(at, lineEnd).toString('latin1');
    const m = /^([0-9a-fA-F]{1,16})(;[^\r\n]*)?$/.exec(sizeLine);
    if (!m) return { end: at, malformed: `bad chunk size ${JSON.stringify(sizeLine.slice(0, 40))}` };
    const size = parseInt(m[1], 16);
    at = lineEnd + 2;
    if (size === 0) {
      // Trailers, then an empty line.
      for (;;) {
        const end = data.indexOf('\r\n', at, 'latin1');
        if (end < 0) return { end: at };
        if (end === at) return { body: Buffer.concat(parts), end: at + 2 };
        at = end + 2;
      }
    }
    if (data.length < at + size + 2) return { end: at };
    parts.push(data.subarray(at, at + size));
    if (data.toString('latin1', at + size, at + size + 2) !== '\r\n') {
      return { end: at, malformed: 'chunk not followed by CRLF' };
    }
    at += size + 2;
  }
}

export function header(response: ParsedResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n === name)?.[1];
}

/** A plain GET over a raw socket: the answer, or undefined when none came. */
export async function rawGet(
  port: number,
  path: string,
  headers: Record<string, string>,
  timeoutMs = 2000,
): Promise<{ response?: ParsedResponse; ms: number; exchange: Exchange }> {
  const head = [`GET ${path} HTTP/1.1`, ...Object.entries(headers).map(([n, v]) => `${n}: ${v}`), '', ''];
  const result = await exchange(port, {
    steps: [{ bytes: Buffer.from(head.join('\r\n'), 'latin1') }],
    headFlags: [false],
    idleMs: timeoutMs,
    deadlineMs: timeoutMs,
  });
  const parsed = parseResponses(result.data, [false], result.ending === 'closed');
  return { response: parsed.responses[0], ms: result.ms, exchange: result };
}

// ---------------------------------------------------------------------------------------------------------------
// Batches (src/s3/relay-protocol.ts: 4-byte big-endian length, the JSON manifest, then the files' bytes)

export function batchBody(manifestJson: string | Buffer, files: Buffer[], lengthPrefix?: number): Buffer {
  const json = typeof manifestJson === 'string' ? Buffer.from(manifestJson, 'utf8') : manifestJson;
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(lengthPrefix ?? json.length);
  return Buffer.concat([prefix, json, ...files]);
}

// ---------------------------------------------------------------------------------------------------------------
// A hostile endpoint. The first path segment names what it does (`/reset-mid-body/key`), so the fuzz chooses the
// endpoint's behaviour per request through the signed path, and the batch lane's POSTs through the manifest path.

export const UPSTREAM_SCENARIOS = [
  'ok', // 200 with a body (204 with an ETag to a POST, as S3's POST Object)
  'chunked',
  'error', // status `s` (default 400) and the body `b` (base64url) from the query: S3 error XML, good or hostile
  'error-huge', // 400 with 300 KiB of error XML
  'until-close', // no length: the body ends with the connection
  'huge-headers', // 40 KiB of headers: over any sane client limit
  'many-headers', // 3,000 small headers
  'hostile-headers', // headers a page must never get from another origin, and odd but legal values
  'bad-status', // status line `v` of BAD_STATUS_LINES
  'interim', // 100 and 103 before the answer
  'cl-te', // both Content-Length and Transfer-Encoding
  'dup-cl', // two different Content-Lengths
  'bad-chunks', // chunked with a size that is not hex
  'junk', // bytes that are not HTTP
  'reset-early', // RST as soon as the request head arrives
  'close-early', // FIN without a word
  'reset-mid-body',
  'close-mid-body',
  'slow-headers', // the head trickles, 12 bytes every 10 ms
  'slow-body', // the body trickles over ~150 ms
  'stall-mid-body', // half a body, then silence (the relay's idle timeout is minutes)
  'no-answer', // silence
  'no-content-with-body', // 204 that carries bytes anyway
] as const;
export type UpstreamScenario = (typeof UPSTREAM_SCENARIOS)[number];

/** The endpoint may legitimately leave the app waiting longer than a fuzz case lasts. */
export const HANGING_SCENARIOS: ReadonlySet<string> = new Set(['no-answer', 'stall-mid-body']);
/** The endpoint cuts its own body: the relay must then cut its answer too ("a truncated answer must look broken"). */
export const TRUNCATING_SCENARIOS: ReadonlySet<string> = new Set([
  'reset-mid-body',
  'close-mid-body',
  'stall-mid-body',
  'bad-chunks',
]);

export const BAD_STATUS_LINES = [
  'HTTP/1.1 99 Low',
  'HTTP/1.1 1000 High',
  'HTTP/1.1 abc Letters',
  'ICY 200 OK',
  'HTTP/2 200 OK',
  'HTTP/1.1 200',
  'HTTP/1.1 999 Nine',
  'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade',
  'HTTP/1.1 200 \xff\xfe\x01',
  'HTTP/1.0 200 OK',
];

/** The signed path that makes the stub behave as `scenario`. */
export function scenarioPath(
  scenario: string,
  options: { status?: number; body?: string; variant?: number; key?: string } = {},
): string {
  const query: string[] = [];
  if (options.status !== undefined) query.push(`s=${options.status}`);
  if (options.body !== undefined) query.push(`b=${Buffer.from(options.body, 'utf8').toString('base64url')}`);
  if (options.variant !== undefined) query.push(`v=${options.variant}`);
  const key = options.key ?? '';
  return `/${scenario}/${key}${query.length ? `?${query.join('&')}` : ''}`;
}

export interface HostileUpstream {
  port: number;
  origin: string;
  /** Requests whose head arrived, by scenario. */
  hits: Map<string, number>;
  /** When set, every byte received is appended here (the smuggling check reads what was on the wire). */
  record?: Buffer[];
  close(): Promise<void>;
}

interface StubRequest {
  method: string;
  target: string;
  scenario: string;
  query: URLSearchParams;
}

export function startHostileUpstream(): Promise<HostileUpstream> {
  const sockets = new Set<net.Socket>();
  const hits = new Map<string, number>();
  const stub: Partial<HostileUpstream> = { hits };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    const timers: NodeJS.Timeout[] = [];
    socket.on('close', () => {
      sockets.delete(socket);
      for (const t of timers) clearTimeout(t);
    });
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    let request: StubRequest | undefined;
    let bodyNeeded = 0;
    let chunked = false;
    let answered = false;

    const answerWhenReady = () => {
      if (answered || !request) return;
      // 'ok' and 'error' read the whole request first, as a real endpoint does (else the client sees EPIPE).
      const waits =
        request.scenario === 'ok' || request.scenario === 'error' || request.scenario === 'chunked';
      const bodyDone = chunked ? buffered.includes('0\r\n\r\n') : buffered.length >= bodyNeeded;
      if (waits && !bodyDone) return;
      answered = true;
      respond(socket, request, timers);
    };

    socket.on('data', (chunk: Buffer) => {
      stub.record?.push(chunk);
      if (answered) return;
      buffered = Buffer.concat([buffered, chunk]);
      if (!request) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buffered.length > 256 * 1024) socket.destroy();
          return;
        }
        const head = buffered.subarray(0, end).toString('latin1').split('\r\n');
        const [method = '', target = '/'] = head[0].split(' ');
        const url = new URL(target, 'http://stub');
        const scenario = url.pathname.split('/')[1] || 'ok';
        request = { method, target, scenario, query: url.searchParams };
        hits.set(scenario, (hits.get(scenario) ?? 0) + 1);
        for (const line of head.slice(1)) {
          const [name, ...value] = line.split(':');
          const v = value.join(':').trim();
          if (name.toLowerCase() === 'content-length') bodyNeeded = Number(v) || 0;
          if (name.toLowerCase() === 'transfer-encoding' && /chunked/i.test(v)) chunked = true;
        }
        buffered = buffered.subarray(end + 4);
      }
      answerWhenReady();
    });
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      Object.assign(stub, {
        port,
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
      resolve(stub as HostileUpstream);
    });
  });
}

const CLOSE = 'Connection: close\r\n';

function respond(socket: net.Socket, req: StubRequest, timers: NodeJS.Timeout[]): void {
  const later = (ms: number, fn: () => void) => {
    timers.push(setTimeout(() => !socket.destroyed && fn(), ms));
  };
  const send = (text: string | Buffer, end = true) => {
    if (socket.destroyed) return;
    if (end) socket.end(text);
    else socket.write(text);
  };
  const head = req.method === 'HEAD';
  const body = (b: string) => (head ? '' : b);
  const variant = Number(req.query.get('v') ?? 0);

  switch (req.scenario) {
    case 'chunked':
      return send(
        `HTTP/1.1 200 OK\r\n${CLOSE}Transfer-Encoding: chunked\r\n\r\n` +
          body('5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n'),
      );
    case 'error': {
      const status = Number(req.query.get('s') ?? 400);
      const xml = Buffer.from(req.query.get('b') ?? '', 'base64url');
      return send(
        Buffer.concat([
          Buffer.from(
            `HTTP/1.1 ${status} Whatever\r\n${CLOSE}Content-Type: application/xml\r\nContent-Length: ${xml.length}\r\n\r\n`,
          ),
          head ? Buffer.alloc(0) : xml,
        ]),
      );
    }
    case 'error-huge': {
      const xml = `<Error><Code>${'A'.repeat(150_000)}</Code><Message>${'&#65;'.repeat(30_000)}</Message></Error>`;
      return send(`HTTP/1.1 400 Bad\r\n${CLOSE}Content-Length: ${xml.length}\r\n\r\n${body(xml)}`);
    }
    case 'until-close':
      return send(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n${body('all of it, then FIN')}`);
    case 'huge-headers':
      return send(`HTTP/1.1 200 OK\r\n${CLOSE}X-Big: ${'x'.repeat(40_000)}\r\nContent-Length: 0\r\n\r\n`);
    case 'many-headers': {
      const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
      return send(`HTTP/1.1 200 OK\r\n${CLOSE}${many}Content-Length: 2\r\n\r\n${body('ok')}`);
    }
    case 'hostile-headers':
      return send(
        `HTTP/1.1 200 OK\r\n${CLOSE}Set-Cookie: s=1\r\nClear-Site-Data: "*"\r\nRefresh: 0;url=http://evil.example\r\n` +
          'Location: http://evil.example/\r\nAccess-Control-Allow-Origin: *\r\nConnection: X-Drop\r\nX-Drop: 1\r\n' +
          'Content-Security-Policy: default-src *\r\nX-Latin1: caf\xe9\xff\r\nX-Empty:\r\nKeep-Alive: timeout=1\r\n' +
          `Trailer: X-T\r\nProxy-Authenticate: Basic\r\nContent-Length: 2\r\n\r\n${body('ok')}`,
      );
    case 'bad-status':
      return send(
        `${BAD_STATUS_LINES[variant % BAD_STATUS_LINES.length]}\r\n${CLOSE}Content-Length: 2\r\n\r\nok`,
      );
    case 'interim':
      send('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n', false);
      return later(20, () => send(`HTTP/1.1 200 OK\r\n${CLOSE}Content-Length: 2\r\n\r\n${body('ok')}`));
    case 'cl-te':
      return send(
        `HTTP/1.1 200 OK\r\n${CLOSE}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`,
      );
    case 'dup-cl':
      return send(`HTTP/1.1 200 OK\r\n${CLOSE}Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!`);
    case 'bad-chunks':
      return send(
        `HTTP/1.1 200 OK\r\n${CLOSE}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nnope\r\n0\r\n\r\n`,
      );
    case 'junk':
      return send(
        Buffer.from(Array.from({ length: 64 + variant }, (_, i) => (i * 131 + variant * 7) & 0xff)),
      );
    case 'reset-early':
      return void socket.resetAndDestroy();
    case 'close-early':
      return void socket.end();
    case 'reset-mid-body':
      send(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n${'r'.repeat(100)}`, false);
      return later(10, () => socket.resetAndDestroy());
    case 'close-mid-body':
      return send(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n${'c'.repeat(100)}`);
    case 'slow-headers': {
      const text = `HTTP/1.1 200 OK\r\n${CLOSE}X-Slow: ${'s'.repeat(40)}\r\nContent-Length: 2\r\n\r\n${body('ok')}`;
      const pieces = text.match(/[\s\S]{1,12}/g) ?? [];
      pieces.forEach((piece, i) => later(i * 10, () => send(piece, i === pieces.length - 1)));
      return;
    }
    case 'slow-body':
      send(`HTTP/1.1 200 OK\r\n${CLOSE}Content-Length: 200\r\n\r\n`, head);
      if (head) return;
      for (let i = 0; i < 10; i++) later(i * 15, () => send('b'.repeat(20), i === 9));
      return;
    case 'stall-mid-body':
      return send(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n${body('h'.repeat(500))}`, false);
    case 'no-answer':
      return;
    case 'no-content-with-body':
      return send(`HTTP/1.1 204 No Content\r\n${CLOSE}Content-Length: 10\r\n\r\n0123456789`);
    case 'ok':
    default:
      if (req.method === 'POST') {
        return send(`HTTP/1.1 204 No Content\r\n${CLOSE}ETag: "d41d8cd98f00b204e9800998ecf8427e"\r\n\r\n`);
      }
      return send(
        `HTTP/1.1 200 OK\r\n${CLOSE}Content-Type: text/plain\r\nContent-Length: 5\r\n\r\n${body('hello')}`,
      );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The process itself

/**
 * Records what would have ended the process. The test process IS the server process: a listener keeps it alive so
 * the suite can report the failure, and `errors` fails the test that caused it.
 */
export function watchProcessFailures(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const onException = (err: unknown) => errors.push(`uncaughtException: ${describe(err)}`);
  const onRejection = (err: unknown) => errors.push(`unhandledRejection: ${describe(err)}`);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return {
    errors,
    stop() {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 4).join(' | ') : String(err);
}

export function rssMiB(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}

/** Escapes bytes for a failure message: readable, and pasteable into a reproduction. */
export function showBytes(bytes: Buffer, max = 600): string {
  const text = bytes.subarray(0, max).toString('latin1');
  const shown = JSON.stringify(text).slice(1, -1);
  return bytes.length > max ? `${shown}... (${bytes.length} bytes)` : shown;
}
