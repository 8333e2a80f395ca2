// The protocol between the page and the app's own server (server/), in one place for both sides: the paths, the
// headers that carry a relayed request's destination, the error codes the server answers with, and the framing of
// a batch of small files. Plain data and pure functions only: the server imports this file as it is.

export const RELAY_CONFIG_PATH = '/_relay/config';
/** One signed S3 request, forwarded unchanged to the endpoint named in TARGET_HEADER. */
export const RELAY_PATH = '/_relay/s3';
/** Small files, many per request (server/batch-upload.ts). */
export const RELAY_BATCH_PATH = '/_relay/batch';
/** Many signed bodiless requests (copies, ACL reads), forwarded together (server/request-batch.ts). */
export const RELAY_REQUESTS_PATH = '/_relay/requests';
/** Liveness: 200 as long as the process answers. */
export const HEALTH_PATH = '/healthz';

/** The endpoint origin a relayed request goes to, e.g. `http://127.0.0.1:7480`. */
export const TARGET_HEADER = 'x-s3fm-target';
/** The signed path and query, sent as-is. */
export const PATH_HEADER = 'x-s3fm-path';

/**
 * The batch's Content-Type. Not a CORS-safelisted type: another site's page cannot send it without a preflight
 * this server never grants, so a batch can only come from the app's own pages.
 */
export const BATCH_CONTENT_TYPE = 'application/octet-stream';

/** The codes of the server's own S3-style error answers (`<Error><Code>…`); the page maps each to a message. */
export const RelayErrorCode = {
  BadRequest: 'RelayBadRequest',
  TargetNotAllowed: 'RelayTargetNotAllowed',
  UpstreamUnreachable: 'RelayUpstreamUnreachable',
  UpstreamTimeout: 'RelayUpstreamTimeout',
  BadUpstreamResponse: 'RelayBadUpstreamResponse',
  /** The request's Host is not one of the server's names (DNS rebinding). */
  HostNotAllowed: 'RelayHostNotAllowed',
  /** Sent by a page of another site. */
  CrossSite: 'RelayCrossSite',
  /** The server holds as many batch bytes as it may; try again shortly. */
  Busy: 'RelayBusy',
  /** The request's body stopped arriving. */
  BodyTimeout: 'RelayBodyTimeout',
  MethodNotAllowed: 'MethodNotAllowed',
  MissingContentLength: 'MissingContentLength',
  EntityTooLarge: 'EntityTooLarge',
} as const;
export type RelayErrorCode = (typeof RelayErrorCode)[keyof typeof RelayErrorCode];

/** The most a batch may hold, manifest and files together. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;
export const MAX_BATCH_FILES = 1000;

/**
 * A batch's body: a 4-byte big-endian length, the manifest (JSON, UTF-8) of that length, then every file's bytes
 * back to back, in manifest order.
 */
export interface BatchManifest {
  /** The endpoint origin, checked against the relay's allowlist. */
  endpoint: string;
  /** The bucket's path on the endpoint, e.g. `/bucket/`. */
  path: string;
  /** The signed POST policy's form fields (Policy, X-Amz-Signature, ...). */
  fields: Record<string, string>;
  files: { key: string; type: string; size: number }[];
}

/** The 4-byte length prefix and the manifest, to be followed by the files' bytes. */
export function encodeBatchHead(manifest: BatchManifest): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const head = new Uint8Array(4 + json.length);
  new DataView(head.buffer).setUint32(0, json.length);
  head.set(json, 4);
  return head;
}

/**
 * One line (JSON) of a batch's answer, per file, in completion order. `status` is the endpoint's HTTP status,
 * or 0 when it gave no answer (then `code` says why).
 */
export interface BatchResultLine {
  i: number;
  status: number;
  etag?: string;
  code?: string;
  message?: string;
  requestId?: string;
}

/** The most requests one request batch may hold, and its most bytes (it carries names and signatures only). */
export const MAX_BATCH_REQUESTS = 200;
export const MAX_REQUEST_BATCH_BYTES = 1024 * 1024;
/** The most of one answer's body a request batch carries back: S3 answers these requests with short XML. */
export const MAX_BATCH_ANSWER_BYTES = 256 * 1024;

/**
 * A request batch's body (JSON, sent as BATCH_CONTENT_TYPE): requests without bodies, each signed by the page for
 * `target` (an endpoint origin) exactly as the relay takes one. The server can only pass them on.
 */
export interface RequestBatch {
  target: string;
  requests: BatchedRequest[];
}

export interface BatchedRequest {
  method: string;
  /** The signed path and query, as the relay's PATH_HEADER. */
  path: string;
  headers: Record<string, string>;
}

/**
 * One line (JSON) of a request batch's answer, per request, in completion order: the endpoint's answer (the
 * headers the relay passes down, the body as text), or the server's own S3-style error when there was none.
 */
export interface BatchedAnswer {
  i: number;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A zip built by the app's server (server/zip-archive.ts): the page POSTs a ZipManifest (JSON, sent as
 * BATCH_CONTENT_TYPE) here and gets `{ token }`; a GET of `${ZIP_PATH}/<token>` (once, within a minute) is the
 * archive, saved by the browser's download manager.
 */
export const ZIP_PATH = '/_relay/zip';
export const MAX_ZIP_ENTRIES = 10_000;
/** Names and presigned URLs only: about 1 KiB an entry. */
export const MAX_ZIP_MANIFEST_BYTES = 16 * 1024 * 1024;

export interface ZipManifest {
  /** The archive's file name, e.g. `photos.zip`. */
  fileName: string;
  entries: ZipManifestEntry[];
}

export interface ZipManifestEntry {
  /** The name inside the archive (zipEntryName); a name ending in "/" is a folder, with no URL. */
  name: string;
  size: number;
  /** Milliseconds since the epoch. */
  lastModified?: number;
  /** A presigned GET for the object's real endpoint. */
  url?: string;
}
