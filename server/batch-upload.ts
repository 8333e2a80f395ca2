// The batch lane for small files: the page sends many small files in one request, and this server posts each to
// the endpoint as S3's "POST Object" form, with the policy the PAGE signed (src/s3/upload/post-policy.ts).
//
// Why: a browser pays a fixed CPU cost per request (about 8 ms on a 2-core machine, measured: 119 files/s for
// presigned PUTs from a bare page against 379 files/s for the same PUTs from Node). One request per fifty files
// moves that cost here, where a request costs a fraction of it.
//
// What it may do: exactly what the policy allows (one bucket, files up to 1 MiB, until it expires), at endpoints
// the operator allowed; the relay's rules. It never sees a secret key and cannot sign anything itself.
//
// The framing (src/s3/relay-protocol.ts): a 4-byte big-endian length, the manifest (JSON) of that length, then
// every file's bytes back to back, in manifest order. The answer: 200 with one JSON line per file as soon as it is
// stored or refused, in completion order. A request refused as a whole gets an S3-style XML error instead.
import crypto from 'node:crypto';
import http from 'node:http';
import { parseS3ErrorXml } from '../src/s3/error-xml';
import {
  BATCH_CONTENT_TYPE,
  MAX_BATCH_BYTES,
  MAX_BATCH_FILES,
  RelayErrorCode,
  type BatchManifest,
  type BatchResultLine,
} from '../src/s3/relay-protocol';
import { lineAnswer } from './answer';
import { allowedEndpoints, type AppConfig } from './config';
import {
  checkTarget,
  createUpstreamAgents,
  errorText,
  guardBodyIdle,
  isValidRelayPath,
  openUpstream,
  safeOriginForLog,
  sendError,
  single,
  upstreamLookup,
} from './relay';

const MAX_MANIFEST_BYTES = 1024 * 1024;
/**
 * Batch bytes all requests together may hold at once; above it a batch is refused with 503 and Retry-After (the
 * page then sends its files one by one). The page sends batches of at most 4 MiB, two at a time.
 */
export const MAX_BATCH_BYTES_HELD = 64 * 1024 * 1024;
/** Uploads of one batch in flight to the endpoint at once: what the benchmark's Node baseline uses. */
const UPSTREAM_CONCURRENCY = 8;
/** An endpoint that stops answering for this long fails that file (the page retries it on its own). */
const UPSTREAM_IDLE_MS = 60_000;
/** S3's limit on a key, and a generous one on a Content-Type: a manifest holds names, not payloads. */
const MAX_KEY_LENGTH = 1024;
const MAX_TYPE_LENGTH = 256;
/** Form field names as S3 defines them (Policy, X-Amz-Signature, ...). */
const FIELD_NAME = /^[A-Za-z0-9-]{1,64}$/;
/**
 * A policy's fields are a few hundred bytes (a session token a few KiB); they go out again with every file, so a
 * batch of big fields would have the server send a thousand times what it received.
 */
const MAX_FIELDS = 16;
const MAX_FIELDS_BYTES = 16 * 1024;

type BatchFile = BatchManifest['files'][number];
type FileResult = Omit<BatchResultLine, 'i'>;

export type BatchHandler = ((req: http.IncomingMessage, res: http.ServerResponse) => void) & {
  close(): void;
};

export function createBatchHandler(config: AppConfig): BatchHandler {
  // Kept alive, unlike the relay's plain-http connections: RGW's Nagle-delayed answers hurt a GET's headers and
  // body sent apart, while POST Object answers 204 with headers only. Measured from Node, 1,000 files of 10 KiB
  // in batches of 50, 5 at once: 1.8 s kept alive against 2.4 s with a new connection each (RGW 16, loopback).
  const agents = createUpstreamAgents({ keepAlive: true });
  const lookup = upstreamLookup(config);

  /** Bytes of the batches being read or sent right now, against MAX_BATCH_BYTES_HELD. */
  let held = 0;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const started = Date.now();
    const length = acceptBatchPost(req, res, {
      lane: 'batch upload',
      minBytes: 4,
      maxBytes: MAX_BATCH_BYTES,
    });
    if (length === undefined) return;
    if (held + length > MAX_BATCH_BYTES_HELD) {
      res.setHeader('Retry-After', '2');
      return sendError(req, res, 503, RelayErrorCode.Busy, "The app's server is busy with other batches.");
    }
    held += length;

    const uploads = new Set<http.ClientRequest>();
    let gone = false;
    res.on('close', () => {
      held -= length;
      // The page went away or cancelled: nothing more is sent on its behalf.
      gone = !res.writableFinished;
      if (gone) for (const upload of uploads) upload.destroy();
    });
    guardBodyIdle(req, config.bodyIdleMs, () =>
      sendError(req, res, 408, RelayErrorCode.BodyTimeout, 'The batch stopped arriving.'),
    );

    const sendAll = async (body: Buffer) => {
      const parsed = parseBatch(body, allowedEndpoints(config), config.allowLinkLocal);
      if (!parsed.ok) return sendError(req, res, parsed.status, parsed.code, parsed.message);
      const { manifest, url, offsets } = parsed;
      const answers = lineAnswer(res, () => gone);
      let next = 0;
      let stored = 0;
      const worker = async () => {
        while (!gone && next < manifest.files.length) {
          const i = next++;
          const file = manifest.files[i];
          const bytes = body.subarray(offsets[i], offsets[i] + file.size);
          const result = await postForm(url, manifest, file, bytes, (upload) => uploads.add(upload));
          if (result.status >= 200 && result.status < 300) stored++;
          answers.send({ i, ...result });
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(UPSTREAM_CONCURRENCY, manifest.files.length) }, worker),
      );
      answers.end();
      if (config.log) {
        const origin = safeOriginForLog(manifest.endpoint);
        console.log(
          `batch POST ${origin} ${stored}/${manifest.files.length} stored ${Date.now() - started}ms${gone ? ' (aborted)' : ''}`,
        );
      }
    };

    readBody(req, length)
      .then(sendAll, (err: Error) =>
        sendError(req, res, 400, RelayErrorCode.BadRequest, `The batch did not arrive whole: ${err.message}`),
      )
      .catch((err: unknown) => {
        console.error(`batch: failed: ${errorText(err)}`);
        sendError(req, res, 500, 'InternalError', "The app's server failed to handle this batch.");
      });
  };

  /** One POST Object request; never throws: a failure is a result with its reason. */
  const postForm = (
    url: URL,
    manifest: BatchManifest,
    file: BatchFile,
    bytes: Buffer,
    track: (upload: http.ClientRequest) => void,
  ): Promise<FileResult> =>
    new Promise((resolve) => {
      const boundary = `----s3fm-batch-${crypto.randomBytes(16).toString('hex')}`;
      const fields = { ...manifest.fields, key: file.key, 'Content-Type': file.type };
      const body = formBody(boundary, fields, bytes);
      let request: http.ClientRequest;
      try {
        request = openUpstream(url, agents, lookup, {
          method: 'POST',
          path: manifest.path,
          headers: {
            host: url.host,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': body.length,
          },
        });
      } catch (err) {
        return resolve({ status: 0, code: RelayErrorCode.BadRequest, message: errorText(err) });
      }
      track(request);
      request.setTimeout(UPSTREAM_IDLE_MS, () =>
        request.destroy(Object.assign(new Error('idle'), { code: 'ETIMEDOUT' })),
      );
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          // An error answer is a short XML document; more than this is not worth holding.
          if (kept < 64 * 1024) chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('close', () => resolve(noAnswer(url)));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 599) return resolve(noAnswer(url));
          const etag = single(response.headers.etag);
          if (status >= 200 && status < 300) return resolve({ status, ...(etag ? { etag } : {}) });
          resolve({ status, ...parseS3ErrorXml(Buffer.concat(chunks).toString('utf8')) });
        });
        response.on('error', (err) => resolve(unreachable(url, err)));
      });
      request.on('error', (err) => resolve(unreachable(url, err)));
      // An answer Node does not hand over (a 101 with no upgrade listener) ends in 'close' alone.
      request.on('close', () => resolve(noAnswer(url)));
      request.end(body);
    });

  return Object.assign(handler, {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}

/**
 * The checks every batch lane makes before reading a byte: POST, the one type no form can send, a stated length
 * within the lane's cap. Answers a refusal itself; returns the length of a batch it accepts.
 */
export function acceptBatchPost(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  limits: { lane: string; minBytes: number; maxBytes: number },
): number | undefined {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(req, res, 405, RelayErrorCode.MethodNotAllowed, `The ${limits.lane} lane takes POST only.`);
    return undefined;
  }
  // Not a type a form may send: another site's page cannot post a batch without a preflight, never granted.
  const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type !== BATCH_CONTENT_TYPE) {
    sendError(req, res, 415, RelayErrorCode.BadRequest, `A batch is sent as ${BATCH_CONTENT_TYPE}.`);
    return undefined;
  }
  const length = Number(req.headers['content-length']);
  if (
    req.headers['transfer-encoding'] !== undefined ||
    !Number.isSafeInteger(length) ||
    length < limits.minBytes
  ) {
    sendError(
      req,
      res,
      411,
      RelayErrorCode.MissingContentLength,
      'A batch must say its length (Content-Length).',
    );
    return undefined;
  }
  if (length > limits.maxBytes) {
    const message = `A batch may hold at most ${limits.maxBytes} bytes; this one has ${length}.`;
    sendError(req, res, 413, RelayErrorCode.EntityTooLarge, message);
    return undefined;
  }
  return length;
}

type Parsed =
  | { ok: true; manifest: BatchManifest; url: URL; offsets: number[] }
  | { ok: false; status: 400 | 403; code: RelayErrorCode; message: string };

/** Checks a whole batch before anything is sent: where it goes, what it holds, and that the bytes add up. */
export function parseBatch(body: Buffer, allowed: readonly string[], allowLinkLocal = false): Parsed {
  const bad = (message: string): Parsed => ({
    ok: false,
    status: 400,
    code: RelayErrorCode.BadRequest,
    message,
  });
  if (body.length < 4) return bad('The batch manifest is missing.');
  const manifestLength = body.readUInt32BE(0);
  if (manifestLength > MAX_MANIFEST_BYTES || 4 + manifestLength > body.length) {
    return bad('The batch manifest is missing or too long.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.subarray(4, 4 + manifestLength).toString('utf8'));
  } catch {
    return bad('The batch manifest is not JSON.');
  }
  if (!isRecord(raw)) return bad('The batch manifest must be a JSON object.');
  const manifest = raw as Partial<BatchManifest>;
  const target = checkTarget(
    typeof manifest.endpoint === 'string' ? manifest.endpoint : undefined,
    allowed,
    allowLinkLocal,
  );
  if (!target.ok) return { ok: false, status: target.status, code: target.code, message: target.message };
  if (typeof manifest.path !== 'string' || !isValidRelayPath(manifest.path))
    return bad('The batch path must be the bucket path, starting with "/".');
  const fields = manifest.fields;
  if (
    !isRecord(fields) ||
    !Object.entries(fields).every(([name, value]) => FIELD_NAME.test(name) && typeof value === 'string')
  ) {
    return bad('The batch form fields must be names and strings.');
  }
  const fieldBytes = Object.entries(fields).reduce((sum, [n, v]) => sum + n.length + (v as string).length, 0);
  if (Object.keys(fields).length > MAX_FIELDS || fieldBytes > MAX_FIELDS_BYTES) {
    return bad(`A batch may carry at most ${MAX_FIELDS} form fields of ${MAX_FIELDS_BYTES} bytes in all.`);
  }
  const files = manifest.files;
  if (!Array.isArray(files) || files.length === 0 || files.length > MAX_BATCH_FILES) {
    return bad(`A batch holds 1 to ${MAX_BATCH_FILES} files.`);
  }
  const offsets: number[] = [];
  let offset = 4 + manifestLength;
  for (const file of files as unknown[]) {
    if (
      !isRecord(file) ||
      typeof file.key !== 'string' ||
      !file.key ||
      file.key.length > MAX_KEY_LENGTH ||
      typeof file.type !== 'string' ||
      file.type.length > MAX_TYPE_LENGTH
    ) {
      return bad('Every file of a batch needs a key and a type.');
    }
    if (typeof file.size !== 'number' || !Number.isSafeInteger(file.size) || file.size < 0)
      return bad('Every file of a batch needs its size.');
    offsets.push(offset);
    offset += file.size;
  }
  if (offset !== body.length) {
    return bad(
      `The batch holds ${body.length - 4 - manifestLength} bytes of files; its manifest says ${offset - 4 - manifestLength}.`,
    );
  }
  return { ok: true, manifest: manifest as BatchManifest, url: target.url, offsets };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** multipart/form-data as a browser sends it: the fields, then the file (S3 ignores every field after it). */
export function formBody(boundary: string, fields: Record<string, string>, file: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return Buffer.concat(parts);
}

/** The whole body, held as it arrives (no buffer of the promised size up front). */
export function readBody(req: http.IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > length) return req.destroy(new Error('more bytes than Content-Length'));
      chunks.push(chunk);
    });
    req.on('end', () =>
      received === length
        ? resolve(Buffer.concat(chunks, length))
        : reject(new Error('fewer bytes than promised')),
    );
    req.on('error', reject);
    req.on('close', () => reject(new Error('the connection closed')));
  });
}

function noAnswer(url: URL): FileResult {
  return {
    status: 0,
    code: RelayErrorCode.BadUpstreamResponse,
    message: `${url.origin} gave no usable answer.`,
  };
}

function unreachable(url: URL, err: NodeJS.ErrnoException): Omit<FileResult, 'i'> {
  if (err.code === 'ETIMEDOUT')
    return { status: 0, code: 'RelayUpstreamTimeout', message: `${url.origin} stopped answering.` };
  return {
    status: 0,
    code: 'RelayUpstreamUnreachable',
    message: `The relay could not reach ${url.origin} (${err.code ?? 'error'}). Is the endpoint running?`,
  };
}
