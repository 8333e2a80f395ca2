import type { S3Session } from '../session';
import { postTargetFor } from './post-policy';
import { s3Error, s3HttpError } from './xhr-send';

/** One small file of a batch. */
export interface BatchItem {
  key: string;
  body: Blob;
  contentType: string;
}

export type BatchResult = { ok: true; etag?: string } | { ok: false; error: Error };

/** One line of the server's answer (server/batch-upload.ts). */
interface ResultLine {
  i: number;
  status: number;
  etag?: string;
  code?: string;
  message?: string;
  requestId?: string;
}

/**
 * Sends small files of one bucket in ONE request to the app's server, which posts each to the endpoint as a form
 * with this bucket's POST policy, signed here (the server holds no key and can do no more than the policy allows).
 * A browser spends several milliseconds of CPU on every request; this is how a drop of a thousand small files
 * goes as fast as the endpoint takes them.
 *
 * `onResult` hears each file as soon as the server has stored or failed it. Files the answer never mentions (the
 * connection broke, the batch was refused as a whole) hear a network error, which callers may retry another way.
 * Failures arrive in the shapes `toS3AppError` and `isRetryable` understand, as from `xhrSend`.
 */
export async function postBatch(
  session: S3Session,
  bucket: string,
  items: readonly BatchItem[],
  options: { signal?: AbortSignal; onResult: (index: number, result: BatchResult) => void },
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
    const target = await postTargetFor(session, bucket);
    const bucketUrl = new URL(target.url);
    const manifest = new TextEncoder().encode(
      JSON.stringify({
        endpoint: bucketUrl.origin,
        path: bucketUrl.pathname,
        fields: target.fields,
        files: items.map(({ key, body, contentType }) => ({ key, type: contentType, size: body.size })),
      }),
    );
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, manifest.length);
    // A Blob of Files is assembled without copying: the browser streams each from disk as it sends.
    const body = new Blob([length, manifest, ...items.map((item) => item.body)]);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body,
      signal: options.signal,
      cache: 'no-store',
    });
    // A refusal of the whole batch is S3-style XML from the app's server.
    if (!response.ok) throw s3HttpError(response.status, await response.text());
    await readLines(response, (line) => {
      const result = JSON.parse(line) as ResultLine;
      hear(result.i, toResult(result));
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

function toResult(line: ResultLine): BatchResult {
  if (line.status >= 200 && line.status < 300) return { ok: true, etag: line.etag?.replace(/^"|"$/g, '') };
  // No answer from the endpoint: a network failure, as a browser would see it.
  if (line.status === 0) return { ok: false, error: new TypeError(line.message ?? 'No answer.') };
  return { ok: false, error: s3Error(line.status, line) };
}

/** Calls `onLine` for each line of a streamed text answer, as it arrives. */
async function readLines(response: Response, onLine: (line: string) => void): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line) onLine(line);
  }
  if (buffered) onLine(buffered);
}
