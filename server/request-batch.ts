// The request batch lane: many signed requests without bodies (CopyObject, GetObjectAcl, PutObjectAcl with a
// canned ACL, DeleteObject...) in one request from the page, each forwarded to the endpoint as the relay forwards
// one, and answered line by line as the endpoint answers.
//
// Why: a browser pays a fixed CPU cost per request (see batch-upload.ts) and opens six connections per host; a
// folder move of ten thousand keys is ten thousand copies. Here they cost the page one request per batch.
//
// What it may do: what the relay may do. Every request is signed by the page for the endpoint (the server holds no
// key, so it can neither forge nor alter one), goes only to an endpoint the operator allowed, with the relay's
// header allowlists both ways, and carries no body.
import http from 'node:http';
import {
  MAX_BATCH_ANSWER_BYTES,
  MAX_BATCH_REQUESTS,
  MAX_REQUEST_BATCH_BYTES,
  RelayErrorCode,
  type BatchedAnswer,
  type BatchedRequest,
} from '../src/s3/relay-protocol';
import { lineAnswer } from './answer';
import { acceptBatchPost, readBody } from './batch-upload';
import { allowedEndpoints, type AppConfig } from './config';
import {
  checkTarget,
  collect,
  createUpstreamAgents,
  errorText,
  errorXml,
  forwardedDown,
  forwardRequestHeaders,
  guardBodyIdle,
  isQuerySigned,
  isValidRelayPath,
  keepsAlive,
  openUpstream,
  safeOriginForLog,
  sendError,
  upstreamLookup,
} from './relay';

/**
 * Requests of one batch in flight to the endpoint at once. RGW answers a folder's copies and ACL reads faster with
 * more in flight than 8 (it waits more than it computes), and no faster beyond about 16.
 */
const UPSTREAM_CONCURRENCY = 16;
/** An endpoint that stops answering for this long fails that request. */
const UPSTREAM_IDLE_MS = 60_000;
/** Without a body: a body would need framing this lane does not have. */
const METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

export type RequestBatchHandler = ((req: http.IncomingMessage, res: http.ServerResponse) => void) & {
  close(): void;
};

export function createRequestBatchHandler(config: AppConfig): RequestBatchHandler {
  const agents = createUpstreamAgents();
  const keptAgents = { ...createUpstreamAgents({ keepAlive: true }), https: agents.https };
  const lookup = upstreamLookup(config);

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const started = Date.now();
    const length = acceptBatchPost(req, res, {
      lane: 'request batch',
      minBytes: 2,
      maxBytes: MAX_REQUEST_BATCH_BYTES,
    });
    if (length === undefined) return;
    const upstreams = new Set<http.ClientRequest>();
    let gone = false;
    res.on('close', () => {
      // The page went away or cancelled: nothing more is sent on its behalf.
      gone = !res.writableFinished;
      if (gone) for (const upstream of upstreams) upstream.destroy();
    });
    guardBodyIdle(req, config.bodyIdleMs, () =>
      sendError(req, res, 408, RelayErrorCode.BodyTimeout, 'The batch stopped arriving.'),
    );

    const sendAll = async (body: Buffer) => {
      const parsed = parseRequestBatch(body, allowedEndpoints(config), config.allowLinkLocal);
      if (!parsed.ok) return sendError(req, res, parsed.status, parsed.code, parsed.message);
      const { url, requests } = parsed;
      const useAgents = url.protocol === 'http:' && keepsAlive(config, url.origin) ? keptAgents : agents;
      const answers = lineAnswer(res, () => gone);
      let next = 0;
      const worker = async () => {
        while (!gone && next < requests.length) {
          const i = next++;
          const answer = await forward(url, useAgents, requests[i], (upstream) => upstreams.add(upstream));
          answers.send({ i, ...answer } satisfies BatchedAnswer);
        }
      };
      await Promise.all(Array.from({ length: Math.min(UPSTREAM_CONCURRENCY, requests.length) }, worker));
      answers.end();
      if (config.log) {
        const origin = safeOriginForLog(url.origin);
        const aborted = gone ? ' (aborted)' : '';
        console.log(
          `requests POST ${origin} ${requests.length} requests ${Date.now() - started}ms${aborted}`,
        );
      }
    };

    readBody(req, length)
      .then(sendAll, (err: Error) =>
        sendError(req, res, 400, RelayErrorCode.BadRequest, `The batch did not arrive whole: ${err.message}`),
      )
      .catch((err: unknown) => {
        console.error(`requests: failed: ${errorText(err)}`);
        sendError(req, res, 500, 'InternalError', "The app's server failed to handle this batch.");
      });
  };

  /** One request to the endpoint; never throws: no answer is the server's own error answer. */
  const forward = (
    url: URL,
    useAgents: typeof agents,
    request: BatchedRequest,
    track: (upstream: http.ClientRequest) => void,
  ): Promise<Omit<BatchedAnswer, 'i'>> =>
    new Promise((resolve) => {
      const raw = Object.entries(request.headers).flat();
      const headers = forwardRequestHeaders(raw, isQuerySigned(request.path));
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      // The signature covers Host: it must be the endpoint's, exactly as the page's SDK saw it.
      headers.host = url.host;
      if (request.method === 'PUT') headers['content-length'] = '0';
      let upstream: http.ClientRequest;
      try {
        upstream = openUpstream(url, useAgents, lookup, {
          method: request.method,
          path: request.path,
          headers,
        });
      } catch (err) {
        return resolve(
          ownError(400, RelayErrorCode.BadRequest, `The request cannot be relayed: ${errorText(err)}`),
        );
      }
      track(upstream);
      upstream.setTimeout(UPSTREAM_IDLE_MS, () =>
        upstream.destroy(Object.assign(new Error('idle'), { code: 'ETIMEDOUT' })),
      );
      upstream.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BATCH_ANSWER_BYTES) chunks.push(chunk);
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 599 || size > MAX_BATCH_ANSWER_BYTES) {
            return resolve(noAnswer(url, 'an answer this lane cannot carry'));
          }
          const kept = collect(response.rawHeaders, forwardedDown);
          const answerHeaders = Object.fromEntries(
            Object.entries(kept).map(([name, value]) => [name, [value].flat().join(', ')]),
          );
          resolve({ status, headers: answerHeaders, body: Buffer.concat(chunks).toString('utf8') });
        });
        response.on('error', (err) => resolve(unreachable(url, err)));
        response.on('close', () => resolve(noAnswer(url, 'no usable answer')));
      });
      upstream.on('error', (err) => resolve(unreachable(url, err)));
      upstream.on('close', () => resolve(noAnswer(url, 'no usable answer')));
      upstream.end();
    });

  return Object.assign(handler, {
    close() {
      agents.http.destroy();
      keptAgents.http.destroy();
      agents.https.destroy();
    },
  });
}

type Parsed =
  | { ok: true; url: URL; requests: BatchedRequest[] }
  | { ok: false; status: 400 | 403; code: RelayErrorCode; message: string };

/** Checks a whole batch before anything is sent: where it goes, and that every request is one the relay takes. */
export function parseRequestBatch(body: Buffer, allowed: readonly string[], allowLinkLocal = false): Parsed {
  const bad = (message: string): Parsed => ({
    ok: false,
    status: 400,
    code: RelayErrorCode.BadRequest,
    message,
  });
  const raw = jsonObject(body);
  if (typeof raw === 'string') return bad(`The request batch ${raw}.`);
  const target = checkTarget(
    typeof raw.target === 'string' ? raw.target : undefined,
    allowed,
    allowLinkLocal,
  );
  if (!target.ok) return { ok: false, status: target.status, code: target.code, message: target.message };
  const { requests } = raw;
  if (!Array.isArray(requests) || requests.length === 0 || requests.length > MAX_BATCH_REQUESTS) {
    return bad(`A request batch holds 1 to ${MAX_BATCH_REQUESTS} requests.`);
  }
  for (const request of requests as unknown[]) {
    if (!isRecord(request) || typeof request.method !== 'string' || !METHODS.has(request.method)) {
      return bad(`Every request of a batch is one of ${[...METHODS].join(', ')}, without a body.`);
    }
    if (typeof request.path !== 'string' || !isValidRelayPath(request.path)) {
      return bad('Every request of a batch needs its signed path, starting with a single "/".');
    }
    const { headers } = request;
    if (!isRecord(headers) || !Object.values(headers).every((value) => typeof value === 'string')) {
      return bad('The headers of a batched request must be names and strings.');
    }
  }
  return { ok: true, url: target.url, requests: requests as BatchedRequest[] };
}

/** A JSON object posted to the server, or what is wrong with it ("is not JSON"), to end its own sentence. */
export function jsonObject(body: Buffer): Record<string, unknown> | string {
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString('utf8'));
  } catch {
    return 'is not JSON';
  }
  return isRecord(raw) ? raw : 'must be a JSON object';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownError(status: number, code: string, message: string): Omit<BatchedAnswer, 'i'> {
  return { status, headers: { 'content-type': 'application/xml' }, body: errorXml(code, message) };
}

function noAnswer(url: URL, what: string): Omit<BatchedAnswer, 'i'> {
  return ownError(502, RelayErrorCode.BadUpstreamResponse, `${url.origin} gave ${what}.`);
}

function unreachable(url: URL, err: NodeJS.ErrnoException): Omit<BatchedAnswer, 'i'> {
  if (err.code === 'ETIMEDOUT') {
    return ownError(504, RelayErrorCode.UpstreamTimeout, `${url.origin} stopped answering.`);
  }
  return ownError(
    502,
    RelayErrorCode.UpstreamUnreachable,
    `The relay could not reach ${url.origin} (${err.code ?? 'error'}). Is the endpoint running?`,
  );
}
