import { BATCH_CONTENT_TYPE, encodeBatchHead, type BatchResultLine } from '../relay-protocol';
import type { S3Session } from '../session';
import { s3AnswerError } from '../errors';
import type { PostPolicies } from './post-policies';
import { commonFolder } from '../key-folders';
import { signPostPolicy } from './post-policy';
import { abortError, guardXhr, s3HttpError, unquoteEtag } from './xhr-send';

/** One small file of a batch. */
export interface BatchItem {
  key: string;
  body: Blob;
  contentType: string;
}

export type BatchResult = { ok: true; etag?: string } | { ok: false; error: Error };

/**
 * Sends small files of one bucket in ONE request to the app's server, which posts each to the endpoint as a form
 * with this bucket's POST policy, signed here (the server holds no key and can do no more than the policy allows).
 * A browser spends several milliseconds of CPU on every request; this is how a drop of a thousand small files
 * goes as fast as the endpoint takes them.
 *
 * XMLHttpRequest, not fetch: its upload progress moves each file's bar as its bytes leave (they leave in order),
 * and the answer can be read line by line as it arrives. `onResult` hears each file as soon as the server has
 * stored or failed it. Files the answer never mentions (the connection broke or stalled, the batch was refused
 * as a whole) hear a network error, which callers may retry another way. Failures arrive in the shapes
 * `toS3AppError` and `isRetryable` understand, as from `xhrSend`.
 */
export async function postBatch(
  session: S3Session,
  bucket: string,
  items: readonly BatchItem[],
  options: {
    signal?: AbortSignal;
    onResult: (index: number, result: BatchResult) => void;
    /** Bytes of item `index` that have left the browser. */
    onProgress?: (index: number, loaded: number) => void;
    stallMs?: number;
    /** XMLHttpRequest in the page; tests in Node hand in a fetch-based one. */
    send?: BatchSender;
    /** The connection's POST policies; without them, a policy is signed for this batch alone. */
    postPolicies?: PostPolicies;
  },
): Promise<void> {
  const url = session.batchUploadUrl;
  if (!url) throw new Error('This connection has no batch upload lane.');
  const heard = new Set<number>();
  const hear = (index: number, result: BatchResult) => {
    if (heard.has(index) || !items[index]) return;
    heard.add(index);
    options.onResult(index, result);
  };
  try {
    const folder = commonFolder(items.map((item) => item.key));
    const target = await (options.postPolicies?.targetFor(bucket, folder) ??
      signPostPolicy(session, bucket, folder));
    const bucketUrl = new URL(target.url);
    const head = encodeBatchHead({
      endpoint: bucketUrl.origin,
      path: bucketUrl.pathname,
      fields: target.fields,
      files: items.map(({ key, body, contentType }) => ({ key, type: contentType, size: body.size })),
    });
    // A Blob of Files is assembled without copying: the browser streams each from disk as it sends.
    const body = new Blob([head as BlobPart, ...items.map((item) => item.body)]);
    await (options.send ?? xhrBatchSend)(url, body, {
      ...options,
      onSent: (sent) => spread(items, sent - head.length, options.onProgress),
      onLine: (line) => {
        const result = JSON.parse(line) as BatchResultLine;
        hear(result.i, toResult(result));
      },
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const failure = error instanceof Error ? error : new TypeError(String(error));
    for (let i = 0; i < items.length; i++) hear(i, { ok: false, error: failure });
    return;
  }
  const lost = new TypeError('The app\u2019s server did not say whether the file was stored.');
  for (let i = 0; i < items.length; i++) hear(i, { ok: false, error: lost });
}

/** One POST of `body`; `onLine` hears each line of a 200 answer as it arrives, `onSent` the bytes sent so far. */
export type BatchSender = (
  url: string,
  body: Blob,
  options: {
    signal?: AbortSignal;
    stallMs?: number;
    onSent: (bytes: number) => void;
    onLine: (line: string) => void;
  },
) => Promise<void>;

const xhrBatchSend: BatchSender = (url, body, options) =>
  new Promise((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) return reject(abortError());
    const xhr = new XMLHttpRequest();
    let read = 0;
    let failure: Error | undefined;
    const readLines = () => {
      const text = xhr.responseText;
      for (let end = text.indexOf('\n', read); end >= 0 && !failure; end = text.indexOf('\n', read)) {
        const line = text.slice(read, end);
        read = end + 1;
        try {
          if (line) options.onLine(line);
        } catch {
          failure = new TypeError(
            'The app\u2019s server answered the batch with something other than its results.',
          );
          xhr.abort();
        }
      }
    };
    // A stalled batch fails as a network error: its files then go one by one.
    const { arm, settle } = guardXhr(
      xhr,
      signal,
      options.stallMs,
      () => (failure = new TypeError('The batch stalled: no bytes moved for too long.')),
    );
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', BATCH_CONTENT_TYPE);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      arm();
      options.onSent(event.loaded);
    };
    xhr.onprogress = () => {
      arm();
      if (xhr.status === 200) readLines();
    };
    xhr.onload = () => {
      settle();
      // A refusal of the whole batch is S3-style XML from the app's server.
      if (xhr.status !== 200) return reject(s3HttpError(xhr.status, xhr.responseText));
      readLines();
      if (failure) return reject(failure);
      resolve();
    };
    xhr.onerror = () => {
      settle();
      reject(new TypeError('The batch got no answer from the app\u2019s server.'));
    };
    xhr.onabort = () => {
      settle();
      reject(failure ?? abortError());
    };
    arm();
    xhr.send(body);
  });

/** The files leave in order: `sent` bytes past the manifest are whole files, then part of the next one. */
function spread(
  items: readonly BatchItem[],
  sent: number,
  onProgress: ((index: number, loaded: number) => void) | undefined,
): void {
  if (!onProgress) return;
  let offset = 0;
  for (let i = 0; i < items.length && offset <= sent; i++) {
    const size = items[i].body.size;
    onProgress(i, Math.max(0, Math.min(size, sent - offset)));
    offset += size;
  }
}

function toResult(line: BatchResultLine): BatchResult {
  if (line.status >= 200 && line.status < 300) return { ok: true, etag: unquoteEtag(line.etag) };
  // No answer from the endpoint: a network failure, as a browser would see it.
  if (line.status === 0) return { ok: false, error: new TypeError(line.message ?? 'No answer.') };
  return { ok: false, error: s3AnswerError(line.status, line) };
}
