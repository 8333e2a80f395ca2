import type { S3Session } from '../session';
import { FORM_POST_LIMIT } from './part-plan';
import type { PostPolicies } from './post-policies';
import { folderOf } from '../key-folders';
import { presignPut, UPLOAD_URL_SECONDS } from './presign';
import type { RequestPool } from './request-pool';
import { markPresignExpired, withRetries } from './retry';
import { xhrSend, type BlobSender } from './xhr-send';

/** What any upload of one file needs: where it goes, what it is, and how to report and stop it. */
export interface FileTransfer {
  session: S3Session;
  bucket: string;
  key: string;
  body: Blob;
  contentType: string;
  signal?: AbortSignal;
  /** Bytes of `body` that have reached the server so far (may go back down when a request is retried). */
  onProgress?: (bytesDone: number) => void;
  /** XMLHttpRequest in the page; tests in Node hand in a fetch-based sender. */
  send?: BlobSender;
  /** The connection's POST policies; without them, files go as presigned PUTs. */
  postPolicies?: PostPolicies;
  /** The batch's shared request limit; without one, requests are not limited. */
  pool?: RequestPool;
  retryDelays?: readonly number[];
}

export interface TransferResult {
  etag?: string;
}

/**
 * One request for the whole file: what small and mid-sized files use. The body is the File itself, so the browser
 * streams it from disk; it is retried whole on network errors and 5xx.
 */
export async function putSingle(transfer: FileTransfer): Promise<TransferResult> {
  const { session, bucket, key, body, contentType, signal } = transfer;
  const send = transfer.send ?? xhrSend;
  const attempt = async () => {
    const { postPolicies } = transfer;
    if (postPolicies && sendsAsForm(transfer, postPolicies)) {
      try {
        const target = await postPolicies.targetFor(bucket, folderOf(key));
        const form = { ...target.fields, key, 'Content-Type': contentType };
        return await session.sendSigned(
          bucket,
          { url: target.url, form, body, signal, onProgress: transfer.onProgress },
          xhrSend,
        );
      } catch (error) {
        if (signal?.aborted) throw error;
        // A CORS rule without POST, a server without POST Object, a refused policy: the PUT below says what is
        // really wrong, if anything, and this bucket's files stop trying.
        postPolicies.refuse(bucket);
        transfer.onProgress?.(0);
      }
    }
    const signedAt = Date.now();
    const url = await presignPut(session, { bucket, key });
    try {
      return await session.sendSigned(
        bucket,
        { url, headers: { 'Content-Type': contentType }, body, signal, onProgress: transfer.onProgress },
        send,
      );
    } catch (error) {
      transfer.onProgress?.(0);
      throw expiredIfLate(error, signedAt);
    }
  };
  const response = await withRetries(() => (transfer.pool ? transfer.pool.run(attempt, signal) : attempt()), {
    signal,
    delays: transfer.retryDelays,
  });
  return { etag: response.etag };
}

/** Only the page's own sender (XHR) can post forms; the relay keeps PUT (it is same-origin: no preflight). */
function sendsAsForm({ send, session, bucket, body }: FileTransfer, postPolicies: PostPolicies): boolean {
  return (
    send === undefined &&
    body.size <= FORM_POST_LIMIT &&
    session.routeFor(bucket) === 'direct' &&
    !postPolicies.refused(bucket)
  );
}

/** A 403 on a URL older than its expiry is an expired URL, whatever the server calls it. */
export function expiredIfLate(error: unknown, signedAt: number): unknown {
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const late = Date.now() - signedAt > (UPLOAD_URL_SECONDS - 60) * 1000;
  return status === 403 && late ? markPresignExpired(error) : error;
}
