import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';
import { partRange } from './part-plan';
import { presignUploadPart } from './presign';
import { withRetries } from './retry';
import { expiredIfLate, type FileTransfer, type TransferResult } from './single-put';
import { unquoteEtag, xhrSend } from './xhr-send';

/** Everything needed to finish (or clean up) a multipart upload later: small and explicit. */
export interface MultipartState {
  bucket: string;
  key: string;
  uploadId: string;
  partSize: number;
  parts: Array<{ PartNumber: number; ETag: string }>;
}

export interface MultipartTransfer extends FileTransfer {
  partSize: number;
  /** Parts of this file in flight at once (the batch's pool may allow fewer). */
  partConcurrency: number;
  /** Told once the upload id exists, and after each part: enough to abort or resume. */
  onState?: (state: MultipartState) => void;
  /**
   * Told when the upload ended early and could not be aborted (typically: the server stopped answering). Its
   * parts stay stored until someone aborts it; the caller keeps `state` to try again later.
   */
  onAbandoned?: (state: MultipartState) => void;
}

/**
 * One file as a multipart upload. Parts are `Blob.slice()` views taken only when a part is sent (no copy, nothing
 * held after), each signed and sent on its own, several at a time, each retried on network errors and 5xx.
 * Whatever ends the upload early (cancel, a part that fails for good, a failed Complete) aborts it on the server, so
 * no stored parts are left behind; when that abort fails too, `onAbandoned` says which upload is left.
 */
export async function uploadMultipart(transfer: MultipartTransfer): Promise<TransferResult> {
  const { session, bucket, key, body, contentType, partSize } = transfer;
  const send = transfer.send ?? xhrSend;
  const target = { bucket, key };
  // Not cancellable midway: an upload created after the page stopped listening would be left behind unseen.
  const created = await session.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }),
    target,
  );
  const uploadId = created.UploadId;
  if (!uploadId) {
    throw new S3AppError(
      'server-error',
      'The server did not start the upload (no upload id).',
      'Try again.',
      {
        code: 'NoUploadId',
      },
    );
  }
  const state: MultipartState = { bucket, key, uploadId, partSize, parts: [] };
  transfer.onState?.(state);

  // Parts stop together: on cancel (the caller's signal) or when one part fails for good.
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  transfer.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const plan = { size: body.size, partSize };
  const partCount = Math.max(1, Math.ceil(body.size / partSize));
  const inFlight = new Map<number, number>();
  let doneBytes = 0;
  const report = () => {
    let loaded = doneBytes;
    for (const bytes of inFlight.values()) loaded += bytes;
    transfer.onProgress?.(loaded);
  };

  const sendPart = async (partNumber: number) => {
    const { start, end } = partRange(plan, partNumber);
    const attempt = async () => {
      const signedAt = Date.now();
      const url = await presignUploadPart(session, { bucket, key, uploadId, partNumber });
      try {
        const part = {
          url,
          // Sliced here, for this attempt only: a File slice reads from disk as it is sent.
          body: body.slice(start, end),
          signal: stop.signal,
          requireEtag: true,
          onProgress: (loaded: number) => {
            inFlight.set(partNumber, loaded);
            report();
          },
        };
        const response = await session.sendSigned(bucket, part, send);
        return response.etag!;
      } catch (error) {
        inFlight.delete(partNumber);
        report();
        throw expiredIfLate(error, signedAt);
      }
    };
    const etag = await withRetries(
      () => (transfer.pool ? transfer.pool.run(attempt, stop.signal) : attempt()),
      { signal: stop.signal, delays: transfer.retryDelays },
    );
    inFlight.delete(partNumber);
    doneBytes += end - start;
    state.parts.push({ PartNumber: partNumber, ETag: etag });
    transfer.onState?.(state);
    report();
  };

  try {
    if (transfer.signal?.aborted) throw new DOMException('The upload was cancelled.', 'AbortError');
    let next = 1;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (next <= partCount && !stop.signal.aborted) {
        const partNumber = next++;
        try {
          await sendPart(partNumber);
        } catch (error) {
          failure ??= { error };
          stop.abort();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(transfer.partConcurrency, partCount) }, worker));
    if (transfer.signal?.aborted) throw new DOMException('The upload was cancelled.', 'AbortError');
    if (failure) throw failure.error;

    const parts = [...state.parts].sort((a, b) => a.PartNumber - b.PartNumber);
    const completed = await session.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      target,
    );
    return { etag: checkCompleted(completed.ETag, partCount) };
  } catch (error) {
    if (!(await abortMultipart(session, state))) transfer.onAbandoned?.(state);
    throw error;
  } finally {
    transfer.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * CompleteMultipartUpload can answer 200 and still fail: the error is in the body, and the SDK turns that into a
 * 503 (and retries). An ETag of the form "<md5>-N" must also name the number of parts sent (rclone's check);
 * RGW 16 answers with an empty ETag, which proves nothing either way.
 */
function checkCompleted(etag: string | undefined, partCount: number): string | undefined {
  const bare = unquoteEtag(etag);
  const counted = bare && /-(\d+)$/.exec(bare);
  if (counted && Number(counted[1]) !== partCount) {
    throw new S3AppError(
      'server-error',
      `The server assembled ${counted[1]} parts; ${partCount} were sent.`,
      'Retry the upload; if it fails again, the server may not support multipart uploads properly.',
      { code: 'MultipartAssemblyMismatch' },
    );
  }
  return bare;
}

/** Removes the upload and its stored parts. Retried: an orphaned upload keeps its parts' space on the server. */
export async function abortMultipart(
  session: S3Session,
  state: Pick<MultipartState, 'bucket' | 'key' | 'uploadId'>,
): Promise<boolean> {
  const { bucket, key, uploadId } = state;
  try {
    await withRetries(
      () =>
        session.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), {
          bucket,
          key,
        }),
      { delays: [500, 2000] },
    );
    return true;
  } catch (error) {
    // Already gone (completed or aborted by someone else) is what was wanted.
    return error instanceof S3AppError && /NoSuchUpload/.test(error.code);
  }
}
