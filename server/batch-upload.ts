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
// The request body: a 4-byte big-endian length, the manifest (JSON, UTF-8) of that length, then every file's
// bytes back to back, in manifest order:
//   { "endpoint": "http://127.0.0.1:7480", "path": "/bucket/", "fields": { "Policy": ..., ... },
//     "files": [{ "key": "a.txt", "type": "text/plain", "size": 10240 }, ...] }
// The answer: 200 with one JSON line per file as soon as it is stored or refused, in completion order:
//   {"i":0,"status":204,"etag":"..."}   {"i":1,"status":403,"code":"AccessDenied","message":"...","requestId":"..."}
// `status` 0 means the endpoint gave no answer. A request refused as a whole gets an S3-style XML error instead.
import crypto from 'node:crypto';
import http from 'node:http';
import { allowedEndpoints, type AppConfig } from './config';
import {
  checkTarget,
  createUpstreamAgents,
  errorText,
  isValidRelayPath,
  openUpstream,
  safeOriginForLog,
  sendError,
  single,
  upstreamLookup,
} from './relay';

export const BATCH_PATH = '/_relay/batch';

/** The page sends batches far smaller than this (4 MiB); the cap bounds what one request can make us hold. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_BATCH_FILES = 1000;
/** Uploads of one batch in flight to the endpoint at once: what the benchmark's Node baseline uses. */
const UPSTREAM_CONCURRENCY = 8;
/** An endpoint that stops answering for this long fails that file (the page retries it on its own). */
const UPSTREAM_IDLE_MS = 60_000;
/** Form field names as S3 defines them (Policy, X-Amz-Signature, ...). */
const FIELD_NAME = /^[A-Za-z0-9-]{1,64}$/;

interface BatchFile {
  key: string;
  type: string;
  size: number;
}

interface Manifest {
  endpoint: string;
  path: string;
  fields: Record<string, string>;
  files: BatchFile[];
}

/** One line of the answer. */
interface FileResult {
  i: number;
  status: number;
  etag?: string;
  code?: string;
  message?: string;
  requestId?: string;
}

export type BatchHandler = ((req: http.IncomingMessage, res: http.ServerResponse) => void) & {
  close(): void;
};

export function createBatchHandler(config: AppConfig): BatchHandler {
  // Kept alive, unlike the relay's plain-http connections: RGW's Nagle-delayed answers hurt a GET's headers and
  // body sent apart, while POST Object answers 204 with headers only. Measured from Node, 1,000 files of 10 KiB
  // in batches of 50, 5 at once: 1.8 s kept alive against 2.4 s with a new connection each (RGW 16, loopback).
  const agents = createUpstreamAgents({ keepAlive: true });
  const lookup = upstreamLookup(config);

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const started = Date.now();
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendError(req, res, 405, 'MethodNotAllowed', 'The batch upload lane takes POST only.');
    }
    const length = Number(req.headers['content-length']);
    if (!Number.isSafeInteger(length) || length < 4) {
      return sendError(
        req,
        res,
        411,
        'MissingContentLength',
        'A batch must say its length (Content-Length).',
      );
    }
    if (length > MAX_BATCH_BYTES) {
      return sendError(
        req,
        res,
        413,
        'EntityTooLarge',
        `A batch may hold at most ${MAX_BATCH_BYTES} bytes; this one has ${length}.`,
      );
    }

    const uploads = new Set<http.ClientRequest>();
    let gone = false;
    res.on('close', () => {
      // The page went away or cancelled: nothing more is sent on its behalf.
      gone = !res.writableFinished;
      if (gone) for (const upload of uploads) upload.destroy();
    });

    readBody(req, length).then(
      async (body) => {
        const parsed = parseBatch(body, allowedEndpoints(config), config.allowLinkLocal);
        if (!parsed.ok) return sendError(req, res, parsed.status, parsed.code, parsed.message);
        const { manifest, url, offsets } = parsed;
        res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
        let next = 0;
        let stored = 0;
        const worker = async () => {
          while (!gone && next < manifest.files.length) {
            const i = next++;
            const file = manifest.files[i];
            const bytes = body.subarray(offsets[i], offsets[i] + file.size);
            const result = await postForm(url, manifest, file, bytes, (upload) => uploads.add(upload));
            if (result.status >= 200 && result.status < 300) stored++;
            if (!gone) res.write(`${JSON.stringify({ i, ...result })}\n`);
          }
        };
        await Promise.all(
          Array.from({ length: Math.min(UPSTREAM_CONCURRENCY, manifest.files.length) }, worker),
        );
        res.end();
        if (config.log) {
          const origin = safeOriginForLog(manifest.endpoint);
          console.log(
            `batch POST ${origin} ${stored}/${manifest.files.length} stored ${Date.now() - started}ms${gone ? ' (aborted)' : ''}`,
          );
        }
      },
      (err: Error) => {
        if (!res.destroyed)
          sendError(req, res, 400, 'RelayBadRequest', `The batch did not arrive whole: ${err.message}`);
      },
    );
  };

  /** One POST Object request; never throws: a failure is a result with its reason. */
  const postForm = (
    url: URL,
    manifest: Manifest,
    file: BatchFile,
    bytes: Buffer,
    track: (upload: http.ClientRequest) => void,
  ): Promise<Omit<FileResult, 'i'>> =>
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
        return resolve({ status: 0, code: 'RelayBadRequest', message: errorText(err) });
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
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const etag = single(response.headers.etag);
          if (status >= 200 && status < 300) return resolve({ status, ...(etag ? { etag } : {}) });
          resolve({ status, ...errorFields(Buffer.concat(chunks).toString('utf8')) });
        });
        response.on('error', (err) => resolve(unreachable(url, err)));
      });
      request.on('error', (err) => resolve(unreachable(url, err)));
      request.end(body);
    });

  return Object.assign(handler, {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}

type Parsed =
  | { ok: true; manifest: Manifest; url: URL; offsets: number[] }
  | { ok: false; status: 400 | 403; code: string; message: string };

/** Checks a whole batch before anything is sent: where it goes, what it holds, and that the bytes add up. */
export function parseBatch(body: Buffer, allowed: readonly string[], allowLinkLocal = false): Parsed {
  const bad = (message: string): Parsed => ({ ok: false, status: 400, code: 'RelayBadRequest', message });
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
  const manifest = raw as Partial<Manifest>;
  const target = checkTarget(manifest.endpoint, allowed, allowLinkLocal);
  if (!target.ok) return { ok: false, status: target.status, code: target.code, message: target.message };
  if (!isValidRelayPath(manifest.path))
    return bad('The batch path must be the bucket path, starting with "/".');
  const fields = manifest.fields;
  if (
    !fields ||
    typeof fields !== 'object' ||
    !Object.entries(fields).every(([name, value]) => FIELD_NAME.test(name) && typeof value === 'string')
  ) {
    return bad('The batch form fields must be names and strings.');
  }
  const files = manifest.files;
  if (!Array.isArray(files) || files.length === 0 || files.length > MAX_BATCH_FILES) {
    return bad(`A batch holds 1 to ${MAX_BATCH_FILES} files.`);
  }
  const offsets: number[] = [];
  let offset = 4 + manifestLength;
  for (const file of files as Partial<BatchFile>[]) {
    if (typeof file?.key !== 'string' || !file.key || typeof file.type !== 'string') {
      return bad('Every file of a batch needs a key and a type.');
    }
    if (!Number.isSafeInteger(file.size) || file.size! < 0)
      return bad('Every file of a batch needs its size.');
    offsets.push(offset);
    offset += file.size!;
  }
  if (offset !== body.length) {
    return bad(
      `The batch holds ${body.length - 4 - manifestLength} bytes of files; its manifest says ${offset - 4 - manifestLength}.`,
    );
  }
  return { ok: true, manifest: manifest as Manifest, url: target.url, offsets };
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

function readBody(req: http.IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const body = Buffer.allocUnsafe(length);
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      if (received + chunk.length > length) return req.destroy(new Error('more bytes than Content-Length'));
      chunk.copy(body, received);
      received += chunk.length;
    });
    req.on('end', () =>
      received === length ? resolve(body) : reject(new Error('fewer bytes than promised')),
    );
    req.on('error', reject);
  });
}

/** Code, Message and RequestId of an S3 error document. */
function errorFields(xml: string): Pick<FileResult, 'code' | 'message' | 'requestId'> {
  const field = (name: string) => {
    const text = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
    return text && decodeXml(text);
  };
  const out: Pick<FileResult, 'code' | 'message' | 'requestId'> = {};
  const [code, message, requestId] = [field('Code'), field('Message'), field('RequestId')];
  if (code) out.code = code;
  if (message) out.message = message;
  if (requestId) out.requestId = requestId;
  return out;
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

function decodeXml(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+);/g, (_entity, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : named[name],
  );
}
