import { s3AnswerError, S3AppError } from '../errors';
import { parseS3ErrorXml } from '../error-xml';
import type { SignedRequest } from '../session';

/** One PUT of a Blob: a whole file or one part, routed by the session (S3Session.sendSigned). */
export interface BlobRequest extends SignedRequest {
  body: Blob;
  /**
   * Send a form POST instead (S3's POST Object): these fields, then the Blob as `file`. Such a request stays a
   * CORS "simple request" (no preflight) only without custom headers and without upload progress listeners, so
   * `onProgress` then hears only the end.
   */
  form?: Record<string, string>;
  /** Report progress on a form POST too, at the cost of a preflight (the drop page: big files, one each). */
  formProgress?: boolean;
  signal?: AbortSignal;
  /** Bytes of `body` sent so far; called often (XHR fires about every 50 ms while bytes move). */
  onProgress?: (loaded: number) => void;
  /** Multipart parts: CompleteMultipartUpload needs every part's ETag. */
  requireEtag?: boolean;
  /** Nothing sent or received for this long means a dead connection: give up (the caller may retry). */
  stallMs?: number;
}

export interface BlobResponse {
  status: number;
  /** Without quotes. */
  etag?: string;
}

/**
 * Sends a Blob. The engine takes this as a parameter, so tests in Node hand in a fetch-based one and the page uses
 * XMLHttpRequest, the only browser API that reports upload progress.
 *
 * Failures are thrown in the shapes `toS3AppError` understands: an S3 error answer as an Error named after its
 * `<Code>` with `$metadata.httpStatusCode`; a request that got no answer as a TypeError; a cancel as an AbortError.
 */
export type BlobSender = (request: BlobRequest) => Promise<BlobResponse>;

const DEFAULT_STALL_MS = 120_000;

/** Form POSTs of files up to this size are sent as one byte array (see multipartBody). */
export const BYTES_FORM_LIMIT = 1024 * 1024;

export const xhrSend: BlobSender = async (request) => {
  const { form } = request;
  const bytes =
    form && !request.formProgress && request.body.size <= BYTES_FORM_LIMIT
      ? await multipartBody(form, request.body)
      : undefined;
  return new Promise<BlobResponse>((resolve, reject) => {
    const { signal } = request;
    if (signal?.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    let stalled = false;
    const { arm: armStallTimer, settle } = guardXhr(xhr, signal, request.stallMs, () => (stalled = true));

    xhr.open(form ? 'POST' : 'PUT', request.url);
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
    if (bytes) xhr.setRequestHeader('Content-Type', bytes.contentType);
    xhr.responseType = 'text';
    if (!form || request.formProgress) {
      xhr.upload.onprogress = (event) => {
        armStallTimer();
        request.onProgress?.(event.loaded);
      };
    }
    xhr.onprogress = armStallTimer;
    xhr.onload = () => {
      settle();
      if (xhr.status < 200 || xhr.status >= 300) return reject(s3HttpError(xhr.status, xhr.responseText));
      const etag = unquoteEtag(xhr.getResponseHeader('ETag'));
      if (request.requireEtag && !etag) return reject(etagHiddenError());
      request.onProgress?.(request.body.size);
      resolve({ status: xhr.status, etag });
    };
    xhr.onerror = () => {
      settle();
      // No answer could be read: refused connection, reset, or a CORS refusal (the browser does not say which).
      reject(new TypeError('The upload request got no answer (network error or CORS refusal).'));
    };
    xhr.onabort = () => {
      settle();
      reject(stalled ? new TypeError('The upload stalled: no bytes moved for too long.') : abortError());
    };
    armStallTimer();
    xhr.send(bytes ? bytes.body : form ? formData(form, request.body) : request.body);
  });
};

/**
 * Ties a request to its cancel signal and to a stall timer: `arm` at every sign of life, `settle` once it ended.
 * Nothing sent or received for `stallMs` means a dead connection: `onStall` is told, then the request aborted.
 */
export function guardXhr(
  xhr: XMLHttpRequest,
  signal: AbortSignal | undefined,
  stallMs = DEFAULT_STALL_MS,
  onStall: () => void,
): { arm: () => void; settle: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onAbort = () => xhr.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    arm() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        onStall();
        xhr.abort();
      }, stallMs);
    },
    settle() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * A form POST's multipart/form-data body as one byte array, the file's bytes read into it. Chromium sends a
 * FormData holding a Blob through its blob system, several process hops per request; a small file's whole POST
 * costs less as plain bytes (measured: bench/probes/small-uploads.ts). The Content-Type stays CORS-safelisted, so
 * the POST is still a simple request (no preflight). Values go as they are, in UTF-8 (FormData would turn a lone
 * LF in a key into CRLF). The boundary is 128 random bits: it cannot plausibly occur in the data.
 */
export async function multipartBody(
  fields: Record<string, string>,
  file: Blob,
): Promise<{ body: Uint8Array<ArrayBuffer>; contentType: string }> {
  const random = crypto.getRandomValues(new Uint8Array(16));
  const boundary = `----s3fm${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${fieldName(name)}"\r\n\r\n${value}\r\n`;
  }
  // S3 ignores every field after the file.
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n`;
  head += 'Content-Type: application/octet-stream\r\n\r\n';
  const encoder = new TextEncoder();
  const parts = [
    encoder.encode(head),
    new Uint8Array(await file.arrayBuffer()),
    encoder.encode(`\r\n--${boundary}--\r\n`),
  ];
  const body = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.length;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A field name as the HTML form encoding escapes it (names are the app's own; this keeps the header whole). */
function fieldName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function formData(fields: Record<string, string>, file: Blob): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  // S3 ignores every field after the file.
  data.append('file', file);
  return data;
}

/** An S3 error answer (XML `<Error><Code>…`) as an Error that `toS3AppError` maps like an SDK error. */
export function s3HttpError(status: number, body: string): Error {
  return s3AnswerError(status, parseS3ErrorXml(body));
}

/**
 * Uppy hangs at 100% when a part's ETag cannot be read (issue #6182): the browser hides response headers that the
 * bucket's CORS rule does not expose. Here it is a clear, final error instead.
 */
export function etagHiddenError(): S3AppError {
  return new S3AppError(
    'cors',
    'The server stored a part, but this page cannot read its ETag, which is needed to finish the upload.',
    'Add "ETag" to ExposeHeaders in the bucket\u2019s CORS rule (see the README), then retry.',
    { code: 'ETagNotExposed' },
  );
}

export function unquoteEtag(etag: string | null | undefined): string | undefined {
  const bare = etag?.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return bare || undefined;
}

export function abortError(): Error {
  return new DOMException('The upload was cancelled.', 'AbortError');
}
