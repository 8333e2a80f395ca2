import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Session } from './session';

/** S3's limit for one DeleteObjects request. */
export const DELETE_BATCH = 1000;

export interface DeleteFailure {
  key: string;
  code: string;
  message: string;
}

export interface DeleteResult {
  deleted: number;
  failures: DeleteFailure[];
}

/** Every key under a prefix, all pages, no delimiter: what "delete this folder" or "zip this folder" means. */
export async function listKeysUnder(
  session: S3Session,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<string[]> {
  return (await listObjectsUnder(session, bucket, prefix, signal)).map((o) => o.key);
}

export async function listObjectsUnder(
  session: S3Session,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<{ key: string; size: number; lastModified?: Date }[]> {
  const objects: { key: string; size: number; lastModified?: Date }[] = [];
  let token: string | undefined;
  do {
    const page = await session.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      { bucket, signal },
    );
    for (const o of page.Contents ?? []) {
      if (o.Key !== undefined) objects.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

/**
 * The seed's `bucket.delete_key`, for many keys: DeleteObjects in batches of 1000. Per-key failures are
 * collected and returned, never hidden; `onProgress` is told how many keys are done.
 */
export async function deleteKeys(
  session: S3Session,
  bucket: string,
  keys: string[],
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<DeleteResult> {
  const result: DeleteResult = { deleted: 0, failures: [] };
  for (let start = 0; start < keys.length; start += DELETE_BATCH) {
    const batch = keys.slice(start, start + DELETE_BATCH);
    const output = await session.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
      { bucket, signal: options.signal },
    );
    const failures = (output.Errors ?? []).map((e) => ({
      key: e.Key ?? '',
      code: e.Code ?? 'Error',
      message: e.Message ?? '',
    }));
    result.failures.push(...failures);
    result.deleted += batch.length - failures.length;
    options.onProgress?.(Math.min(start + batch.length, keys.length), keys.length);
  }
  return result;
}
