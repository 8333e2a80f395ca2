import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { objectPagesUnder, type ObjectEntry } from './objects';
import type { S3Session } from './session';

/** S3's limit for one DeleteObjects request. */
export const DELETE_BATCH = 1000;
/**
 * DeleteObjects requests in flight at once. RGW works through one request a key at a time, so requests side by
 * side finish sooner; browsers allow six connections per host, which leaves one for the listing that feeds them.
 */
export const DELETES_IN_FLIGHT = 4;
/**
 * Keys per request when deleting many: a quarter of the limit, so that even one page of 1000 keys goes out as
 * DELETES_IN_FLIGHT requests side by side instead of one.
 */
export const DELETE_CHUNK = DELETE_BATCH / DELETES_IN_FLIGHT;

export interface DeleteFailure {
  key: string;
  code: string;
  message: string;
}

export interface DeleteResult {
  deleted: number;
  failures: DeleteFailure[];
}

export interface DeleteProgress {
  /** Keys the server has answered for (deleted or refused). */
  done: number;
  /** Keys found so far; final once `listing` is false. */
  found: number;
  /** Folders are still being listed: more keys may come. */
  listing: boolean;
}

/** Every object under a prefix, all pages, no delimiter: what "zip this folder" means. */
export async function listObjectsUnder(
  session: S3Session,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<ObjectEntry[]> {
  const objects: ObjectEntry[] = [];
  for await (const page of objectPagesUnder(session, { bucket, prefix, signal })) objects.push(...page);
  return objects;
}

/**
 * The seed's `bucket.delete_key`, for many keys and whole folders: the named keys, and every key under each
 * prefix (all pages), go out in DeleteObjects batches (Quiet: the server names only failures), up to
 * DELETES_IN_FLIGHT at once, while the folders are still being listed. Per-key failures are collected and
 * returned, never hidden.
 */
export async function deleteEntries(
  session: S3Session,
  bucket: string,
  target: { keys: string[]; prefixes: string[] },
  options: { signal?: AbortSignal; onProgress?: (progress: DeleteProgress) => void } = {},
): Promise<DeleteResult> {
  const { signal, onProgress } = options;
  const result: DeleteResult = { deleted: 0, failures: [] };
  const progress: DeleteProgress = { done: 0, found: 0, listing: target.prefixes.length > 0 };
  const report = () => onProgress?.({ ...progress });
  const seen = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let batch: string[] = [];

  const send = async (keys: string[]) => {
    const output = await session.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
      { bucket, signal },
    );
    const failures = (output.Errors ?? []).map((e) => ({
      key: e.Key ?? '',
      code: e.Code ?? 'Error',
      message: e.Message ?? '',
    }));
    result.failures.push(...failures);
    result.deleted += keys.length - failures.length;
    progress.done += keys.length;
    report();
  };
  const flush = async () => {
    if (!batch.length) return;
    const request = send(batch).finally(() => inFlight.delete(request));
    // A failure is thrown by the race or the final wait below; meanwhile it is not "unhandled".
    request.catch(() => undefined);
    inFlight.add(request);
    batch = [];
    if (inFlight.size >= DELETES_IN_FLIGHT) await Promise.race(inFlight);
  };
  const add = async (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    progress.found++;
    batch.push(key);
    if (batch.length === DELETE_CHUNK) await flush();
  };

  for (const key of target.keys) await add(key);
  for (const prefix of target.prefixes) {
    for await (const page of objectPagesUnder(session, { bucket, prefix, signal })) {
      for (const object of page) await add(object.key);
      report();
    }
  }
  progress.listing = false;
  await flush();
  report();
  await Promise.all(inFlight);
  return result;
}

/** Named keys only (no folders): see deleteEntries. */
export function deleteKeys(
  session: S3Session,
  bucket: string,
  keys: string[],
  options: { signal?: AbortSignal; onProgress?: (progress: DeleteProgress) => void } = {},
): Promise<DeleteResult> {
  return deleteEntries(session, bucket, { keys, prefixes: [] }, options);
}
