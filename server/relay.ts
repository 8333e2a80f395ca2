// Same-origin relay for S3 calls that the endpoint gives no CORS to (ListBuckets, CreateBucket, ...).
// The browser signs each request for the real endpoint; this forwards it unchanged. It never sees a secret key, so
// it cannot forge or alter a request without breaking the signature: it only chooses WHERE requests may go.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline } from 'node:stream';
import { PATH_HEADER, RelayErrorCode, TARGET_HEADER } from '../src/s3/relay-protocol';
import { answer } from './answer';
import { allowedEndpoints, readSandbox, type AppConfig } from './config';
import { isLinkLocalAddress, isLinkLocalHost, originKey, parseOrigin } from './origin';
import { RELAY_RESPONSE_HEADERS } from './security-headers';

/** A request with no bytes moving for this long is given up (a multi-GiB upload keeps moving, so it survives). */
const UPSTREAM_IDLE_MS = 5 * 60_000;
/**
 * How long the relay trusts its allowlist (operator's list + the sandbox endpoint) before deriving it again, which
 * reads the sandbox file's stat. A sandbox started after the server is still picked up within this delay.
 */
const ALLOWLIST_TTL_MS = 1000;

/** What S3 uses. Only PUT and POST may carry a body: on the others Node would send it without framing. */
const METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);
const METHODS_WITH_BODY = new Set(['PUT', 'POST']);

// Headers by allowlist, both ways: up, only what an S3 request is made of (the SDK signs its amz-sdk-* headers);
// down, only what the page reads. Anything else (X-Forwarded-For, cookies, a proxy's Basic auth going up;
// Location, Refresh, Clear-Site-Data, CORS or cookies coming back on the app's origin) stays behind.
const REQUEST_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'authorization',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-md5',
  'content-type',
  'expires',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'range',
]);
const RESPONSE_HEADERS = new Set([
  'accept-ranges',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-range',
  'content-security-policy',
  'content-type',
  'date',
  'etag',
  'expires',
  'last-modified',
  'retry-after',
]);
const forwardedUp = (name: string) =>
  REQUEST_HEADERS.has(name) || name.startsWith('x-amz-') || name.startsWith('amz-sdk-');
export const forwardedDown = (name: string) => RESPONSE_HEADERS.has(name) || name.startsWith('x-amz-');

export type TargetCheck =
  { ok: true; url: URL } | { ok: false; status: 400 | 403; code: RelayErrorCode; message: string };

/** Decides whether `raw` (the x-s3fm-target header) may be reached. Exact scheme, host and port comparison. */
export function checkTarget(
  raw: string | undefined,
  allowed: readonly string[],
  allowLinkLocal = false,
): TargetCheck {
  if (!raw) return bad(`The ${TARGET_HEADER} header is missing.`);
  const parsed = parseOrigin(raw);
  if (!parsed.ok && parsed.reason === 'syntax') {
    return bad(`The ${TARGET_HEADER} header must be an endpoint origin like http://127.0.0.1:7480.`);
  }
  const list = allowed.length ? allowed.join(', ') : 'none';
  const notAllowed = (message: string): TargetCheck => ({
    ok: false,
    status: 403,
    code: RelayErrorCode.TargetNotAllowed,
    message,
  });
  if (!parsed.ok) {
    return notAllowed(`This app's relay only forwards to http and https endpoints (allowed: ${list}).`);
  }
  const { url } = parsed;
  const key = originKey(url);
  const listed = allowed.some((entry) => {
    const p = parseOrigin(entry);
    return p.ok && originKey(p.url) === key;
  });
  if (!listed) {
    return notAllowed(
      `This app's relay only forwards to the endpoints its operator allowed (${list}). ` +
        `Ask the operator to add ${url.origin} to S3FM_RELAY_ALLOW, or use direct mode.`,
    );
  }
  if (!allowLinkLocal && isLinkLocalHost(url.hostname)) {
    return notAllowed(
      `This app's relay refuses link-local and cloud metadata addresses (${url.origin}). ` +
        `The operator can set S3FM_RELAY_ALLOW_LINK_LOCAL=1 if this really is an S3 endpoint, or use direct mode.`,
    );
  }
  return { ok: true, url };
}

export function isAllowedTarget(
  raw: string,
  allowed: readonly string[],
  options: { allowLinkLocal?: boolean } = {},
): boolean {
  return checkTarget(raw, allowed, options.allowLinkLocal ?? false).ok;
}

/**
 * The signed path and query, sent as-is. Printable ASCII only (the SDK percent-encodes everything else), one leading
 * slash: `//host/x` or `/\host` would read as another host to some parsers; no fragment, which is never signed.
 */
export function isValidRelayPath(path: string | undefined): path is string {
  return !!path && /^\/(?![/\\])[\x21-\x7e]*$/.test(path) && !/[#\\]/.test(path);
}

export type RelayHandler = ((req: http.IncomingMessage, res: http.ServerResponse) => void) & {
  /** Drops pooled upstream connections (on shutdown). */
  close(): void;
};

/** The connections the relay (and the batch upload lane) open to endpoints. */
export interface UpstreamAgents {
  http: http.Agent;
  https: https.Agent;
}

export function createUpstreamAgents(options: { keepAlive?: boolean } = {}): UpstreamAgents {
  // Plain http: a fresh connection per request, unless `keepAlive` (the batch lane, and endpoints known to answer
  // without Nagle's delay: see keepsAlive). RGW's beast frontend leaves Nagle on unless `tcp_nodelay=1`, and on a
  // reused connection each answer then waits for a delayed ACK, which no option on this side avoids; a fresh
  // connection costs CPU on both sides instead, but no waiting.
  // https: keep-alive, as a TLS handshake per request would cost more. Idle sockets are dropped after 4 s, before a
  // typical server's idle timeout, so a reused socket is rarely already closed by the other side.
  return {
    http: options.keepAlive
      ? new http.Agent({ keepAlive: true, timeout: 4000 })
      : new http.Agent({ keepAlive: false }),
    https: new https.Agent({ keepAlive: true, timeout: 4000 }),
  };
}

/** DNS answers are checked for link-local addresses unless the operator lifted that guard. */
export function upstreamLookup(config: AppConfig): LookupFunction | undefined {
  return config.allowLinkLocal ? undefined : guardedLookup;
}

/** Opens a request to `url`'s origin (its path is `options.path`), on the agent for its scheme. May throw. */
export function openUpstream(
  url: URL,
  agents: UpstreamAgents,
  lookup: LookupFunction | undefined,
  options: { method?: string; path: string; headers: http.OutgoingHttpHeaders },
): http.ClientRequest {
  const isHttps = url.protocol === 'https:';
  return (isHttps ? https : http).request({
    ...options,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || (isHttps ? 443 : 80),
    agent: isHttps ? agents.https : agents.http,
    lookup,
  });
}

/**
 * Plain-http endpoints the relay keeps connections to: the sandbox (scripts/sandbox.mjs runs RGW with
 * `tcp_nodelay=1`) and those the operator lists in S3FM_RELAY_KEEPALIVE (`*`: all), whose endpoints send without
 * Nagle's delay (RGW with `tcp_nodelay=1`, MinIO, most others). https endpoints are always kept alive.
 */
export function keepsAlive(config: AppConfig, origin: string): boolean {
  const listed = config.relayKeepAlive ?? [];
  if (listed.includes('*') || listed.includes(origin)) return true;
  const sandbox = readSandbox(config.sandboxFile);
  const parsed = sandbox ? parseOrigin(sandbox.endpoint.replace(/\/+$/, '')) : undefined;
  return !!parsed?.ok && parsed.url.origin === origin;
}

export function createRelayHandler(config: AppConfig): RelayHandler {
  const agents = createUpstreamAgents();
  const keptAgents: UpstreamAgents = { ...createUpstreamAgents({ keepAlive: true }), https: agents.https };
  const lookup = upstreamLookup(config);
  let allowlist: { at: number; endpoints: string[]; keepAlive: Set<string> } | undefined;
  const currentAllowlist = () => {
    const now = Date.now();
    if (!allowlist || now - allowlist.at >= ALLOWLIST_TTL_MS) {
      const endpoints = allowedEndpoints(config);
      allowlist = { at: now, endpoints, keepAlive: new Set(endpoints.filter((e) => keepsAlive(config, e))) };
    }
    return allowlist;
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const started = Date.now();
    const rawTarget = single(req.headers[TARGET_HEADER]);
    const path = single(req.headers[PATH_HEADER]);
    let logTarget = 'invalid-target';
    let upstream: http.ClientRequest | undefined;

    res.on('close', () => {
      // The browser went away (or we are done): never leave an upstream request running.
      if (!res.writableFinished) upstream?.destroy();
      if (config.log) {
        const aborted = res.writableFinished ? '' : ' (aborted)';
        console.log(`relay ${req.method} ${logTarget} ${res.statusCode} ${Date.now() - started}ms${aborted}`);
      }
    });

    const method = req.method ?? '';
    if (!METHODS.has(method)) {
      res.setHeader('Allow', [...METHODS].join(', '));
      return sendError(
        req,
        res,
        405,
        RelayErrorCode.MethodNotAllowed,
        `The relay does not forward ${method.slice(0, 20)}.`,
      );
    }
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) !== 0;
    if (hasBody && !METHODS_WITH_BODY.has(method)) {
      return sendError(req, res, 400, RelayErrorCode.BadRequest, `A ${method} request cannot carry a body.`);
    }
    const allowed = currentAllowlist();
    const check = checkTarget(rawTarget, allowed.endpoints, config.allowLinkLocal);
    logTarget = check.ok ? check.url.origin : safeOriginForLog(rawTarget);
    if (!check.ok) return sendError(req, res, check.status, check.code, check.message);
    if (!isValidRelayPath(path)) {
      return sendError(
        req,
        res,
        400,
        RelayErrorCode.BadRequest,
        `The ${PATH_HEADER} header must be the signed path and query, starting with a single "/".`,
      );
    }

    const { url } = check;
    const upstreamAgents =
      url.protocol === 'http:' && allowed.keepAlive.has(url.origin) ? keptAgents : agents;
    const headers = forwardRequestHeaders(req.rawHeaders, isQuerySigned(path));
    // The signature covers Host: it must be the endpoint's, exactly as the SDK computed it from the endpoint URL.
    headers.host = url.host;
    if (hasBody) {
      guardBodyIdle(req, config.bodyIdleMs, () =>
        sendError(req, res, 408, RelayErrorCode.BodyTimeout, 'The request body stopped arriving.'),
      );
    }

    const send = (attempt: number): void => {
      let request: http.ClientRequest;
      try {
        request = openUpstream(url, upstreamAgents, lookup, { method, path, headers });
      } catch (err) {
        // Node refuses some header values or methods outright.
        return sendError(
          req,
          res,
          400,
          RelayErrorCode.BadRequest,
          `The request cannot be relayed: ${errorText(err)}`,
        );
      }
      upstream = request;
      let responded = false;

      request.setTimeout(UPSTREAM_IDLE_MS, () =>
        request.destroy(Object.assign(new Error('idle'), { code: 'ETIMEDOUT' })),
      );

      request.on('response', (upRes) => {
        responded = true;
        const status = upRes.statusCode ?? 0;
        if (status < 200 || status > 599) {
          sendError(
            req,
            res,
            502,
            RelayErrorCode.BadUpstreamResponse,
            `${url.origin} answered with status ${status}.`,
          );
          return void request.destroy();
        }
        try {
          // The reason phrase is left to node: nothing reads it, and odd bytes in it would make writeHead throw.
          res.writeHead(status, forwardResponseHeaders(upRes.rawHeaders));
        } catch (err) {
          sendError(
            req,
            res,
            502,
            RelayErrorCode.BadUpstreamResponse,
            `${url.origin} answered: ${errorText(err)}`,
          );
          return void request.destroy();
        }
        // pipe, not pipeline, which costs an AbortController per answer. The browser leaving closes `res`, whose
        // 'close' handler above destroys the upstream request; an endpoint that fails mid-body errors `upRes` (or
        // closes it unfinished), and the answer is then destroyed so that it looks broken.
        upRes.on('error', (err) => res.destroy(err));
        upRes.on('close', () => {
          if (!upRes.complete && !res.writableEnded) res.destroy();
        });
        upRes.pipe(res);
      });

      // An answer Node does not hand over (a 101 with no upgrade listener) ends in 'close' alone.
      request.on('close', () => {
        if (!responded && upstream === request) {
          sendError(
            req,
            res,
            502,
            RelayErrorCode.BadUpstreamResponse,
            `${url.origin} gave no usable answer.`,
          );
        }
      });

      request.on('error', (err: NodeJS.ErrnoException) => {
        if (res.destroyed) return; // The browser left; nothing to tell it.
        // A pooled socket the endpoint had just closed: safe to try once more only when no body was consumed.
        if (!responded && !hasBody && attempt === 0 && request.reusedSocket && err.code === 'ECONNRESET') {
          return send(1);
        }
        if (res.headersSent) {
          if (!res.writableEnded) res.destroy(err); // Mid-body: a truncated answer must look broken.
          return;
        }
        if (err.code === 'ETIMEDOUT') {
          return sendError(req, res, 504, RelayErrorCode.UpstreamTimeout, `${url.origin} stopped answering.`);
        }
        sendError(
          req,
          res,
          502,
          RelayErrorCode.UpstreamUnreachable,
          `The relay could not reach ${url.origin} (${err.code ?? 'error'}). Is the endpoint running?`,
        );
      });

      if (hasBody) {
        // Streamed with backpressure: memory stays flat for a 5 GiB upload. An aborted browser upload errors `req`,
        // and pipeline then destroys the upstream request.
        pipeline(req, request, () => {});
      } else {
        req.resume();
        request.end();
      }
    };
    send(0);
  };

  return Object.assign(handler, {
    close() {
      agents.http.destroy();
      keptAgents.http.destroy();
      agents.https.destroy();
    },
  });
}

/** Resolved addresses are checked too: an allowed name must not be re-pointed at a metadata service via DNS. */
const guardedLookup = ((hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    if (addresses.some((a) => isLinkLocalAddress(a.address))) {
      const refused = Object.assign(new Error(`${hostname} resolves to a link-local address`), {
        code: 'ERELAYLINKLOCAL',
      });
      return callback(refused, '', 0);
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}) as LookupFunction;

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** A presigned request carries its signature in the query; an Authorization header there is not ours to pass. */
export function isQuerySigned(path: string): boolean {
  return /[?&](X-Amz-Signature|Signature)=/i.test(path);
}

export function forwardRequestHeaders(raw: string[], querySigned: boolean): http.OutgoingHttpHeaders {
  const headers = collect(raw, forwardedUp);
  // Only an AWS signature goes up (never, say, the Basic credentials of a proxy in front of this app).
  const authorization = headers.authorization;
  if (querySigned || typeof authorization !== 'string' || !/^AWS4?-?[A-Z0-9-]* /.test(authorization)) {
    delete headers.authorization;
  }
  return headers;
}

function forwardResponseHeaders(raw: string[]): http.OutgoingHttpHeaders {
  const headers = collect(raw, forwardedDown);
  for (const [name, value] of Object.entries(RELAY_RESPONSE_HEADERS)) {
    const key = name.toLowerCase();
    const existing = headers[key];
    // An upstream CSP is kept (policies combine, the strictest wins); nosniff simply replaces.
    headers[key] =
      key === 'content-security-policy' && existing !== undefined
        ? [...[existing].flat().map(String), value]
        : value;
  }
  return headers;
}

/**
 * Calls `onIdle` and destroys the request when no body byte has arrived for `ms`, until the body is whole: a body
 * that stops arriving would otherwise hold its memory and sockets for ever.
 */
export function guardBodyIdle(req: http.IncomingMessage, ms: number, onIdle: () => void): void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      onIdle();
      req.destroy();
    }, ms);
    timer.unref();
  };
  const stop = () => clearTimeout(timer);
  req.on('data', arm);
  req.once('end', stop);
  req.once('close', stop);
  arm();
}

/** rawHeaders keeps duplicates separate; a repeated header stays repeated rather than joined with ", ". */
export function collect(raw: string[], keep: (lowerName: string) => boolean): http.OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!keep(name)) continue;
    const prev = out[name];
    out[name] = prev === undefined ? raw[i + 1] : [...[prev].flat(), raw[i + 1]];
  }
  return out;
}

function bad(message: string): TargetCheck {
  return { ok: false, status: 400, code: RelayErrorCode.BadRequest, message };
}

export function sendError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  if (res.destroyed || res.writableEnded) return;
  if (res.headersSent) return void res.destroy();
  const body = errorXml(code, message);
  answer(req, res, status, { ...RELAY_RESPONSE_HEADERS, 'Content-Type': 'application/xml' }, body);
}

/** The server's own answers, in S3's error format, so the page reads them like the endpoint's. */
export function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/** Only the parsed origin is logged, never raw header text. */
export function safeOriginForLog(raw: string | undefined): string {
  const parsed = raw ? parseOrigin(raw) : undefined;
  return parsed?.ok ? parsed.url.origin : 'invalid-target';
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
