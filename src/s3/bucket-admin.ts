import {
  AbortMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import { DELETE_BATCH, DELETES_IN_FLIGHT } from './delete-objects';
import { S3AppError, toS3AppError } from './errors';
import { objectPagesUnder } from './objects';
import { pagesAhead, type Paged } from './paging';
import type { S3Session } from './session';

/** AbortMultipartUpload has no batch form: this many in flight. */
const ABORT_CONCURRENCY = 8;
/** Failures kept for display; the count is always exact. */
const MAX_KEPT_FAILURES = 500;

export interface ForceDeleteProgress {
  phase: 'uploads' | 'objects' | 'bucket';
  /** Versions and delete markers listed so far (deleted or about to be). */
  listed: number;
  uploadsAborted: number;
  /** Current objects (the latest version of a key). */
  objectsDeleted: number;
  /** Older versions of keys. */
  versionsDeleted: number;
  deleteMarkersDeleted: number;
  failed: number;
}

export interface VersionDeleteFailure {
  key: string;
  versionId?: string;
  code: string;
  message: string;
}

export interface ForceDeleteResult extends ForceDeleteProgress {
  bucketDeleted: boolean;
  /** Per-key refusals (up to 500 of them; `failed` counts all). When any remain, the bucket is kept. */
  failures: VersionDeleteFailure[];
}

interface Entry {
  key: string;
  versionId?: string;
  kind: 'object' | 'version' | 'marker';
}

/**
 * Deletes a bucket with everything in it ("not available in python", says the seed): every unfinished multipart
 * upload, every object version and delete marker (ListObjectVersions; plain ListObjectsV2 where versions are not
 * implemented), in DeleteObjects batches of 1000 with the next page listed while a batch is deleted, then the
 * bucket itself. `signal` cancels between and inside requests: what was deleted is gone, the rest stays.
 */
export async function forceDeleteBucket(
  session: S3Session,
  bucket: string,
  options: { onProgress?: (progress: ForceDeleteProgress) => void; signal?: AbortSignal } = {},
): Promise<ForceDeleteResult> {
  const { signal, onProgress } = options;
  const result: ForceDeleteResult = {
    phase: 'uploads',
    listed: 0,
    uploadsAborted: 0,
    objectsDeleted: 0,
    versionsDeleted: 0,
    deleteMarkersDeleted: 0,
    failed: 0,
    bucketDeleted: false,
    failures: [],
  };
  const report = () => {
    const { phase, listed, uploadsAborted, objectsDeleted, versionsDeleted, deleteMarkersDeleted, failed } =
      result;
    onProgress?.({
      phase,
      listed,
      uploadsAborted,
      objectsDeleted,
      versionsDeleted,
      deleteMarkersDeleted,
      failed,
    });
  };
  // Something may be written while we delete: one more pass catches it before giving up.
  for (let pass = 1; ; pass++) {
    result.phase = 'uploads';
    report();
    await abortUploads(session, bucket, result, report, signal);
    result.phase = 'objects';
    report();
    await deleteEverything(session, bucket, result, report, signal);
    if (result.failed) return result;
    result.phase = 'bucket';
    report();
    checkAborted(signal);
    try {
      await session.send(new DeleteBucketCommand({ Bucket: bucket }), { bucket, signal });
      result.bucketDeleted = true;
      return result;
    } catch (error) {
      if (!(error instanceof S3AppError && error.kind === 'bucket-not-empty') || pass >= 2) throw error;
    }
  }
}

async function abortUploads(
  session: S3Session,
  bucket: string,
  result: ForceDeleteResult,
  report: () => void,
  signal?: AbortSignal,
): Promise<void> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    checkAborted(signal);
    const page = await session.send(
      new ListMultipartUploadsCommand({
        Bucket: bucket,
        KeyMarker: keyMarker,
        UploadIdMarker: uploadIdMarker,
      }),
      { bucket, signal },
    );
    const uploads = (page.Uploads ?? []).filter((u) => u.Key !== undefined && u.UploadId);
    await eachLimited(uploads, ABORT_CONCURRENCY, async (upload) => {
      checkAborted(signal);
      try {
        await session.send(
          new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }),
          { bucket, key: upload.Key, signal },
        );
      } catch (error) {
        // Finished or aborted by someone else meanwhile: gone either way.
        if (!(error instanceof S3AppError && /^(NoSuchUpload|NoSuchKey|NotFound)$/.test(error.code)))
          throw error;
      }
      result.uploadsAborted++;
      report();
    });
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
}

async function deleteEverything(
  session: S3Session,
  bucket: string,
  result: ForceDeleteResult,
  report: () => void,
  signal?: AbortSignal,
): Promise<void> {
  // Each page is deleted while the next is listed (see pagesAhead).
  for await (const entries of everyEntry(session, bucket, signal)) {
    checkAborted(signal);
    result.listed += entries.length;
    report();
    await deletePage(session, bucket, entries, result, report, signal);
  }
}

/** Every version and delete marker; plain objects where the server has no versioning. */
async function* everyEntry(
  session: S3Session,
  bucket: string,
  signal?: AbortSignal,
): AsyncGenerator<Entry[]> {
  const versions = pagesAhead<Entry, VersionMarkers>((markers) =>
    versionsPage(session, bucket, markers, signal),
  );
  let first: IteratorResult<Entry[]>;
  try {
    first = await versions.next();
  } catch (error) {
    // Servers without versioning support: every object has just one (null) version.
    if (!(error instanceof S3AppError && error.kind === 'not-implemented')) throw error;
    for await (const objects of objectPagesUnder(session, { bucket, prefix: '', signal })) {
      yield objects.map((o) => ({ key: o.key, kind: 'object' as const }));
    }
    return;
  }
  if (first.done) return;
  yield first.value;
  yield* versions;
}

interface VersionMarkers {
  key?: string;
  versionId?: string;
}

async function versionsPage(
  session: S3Session,
  bucket: string,
  markers: VersionMarkers = {},
  signal?: AbortSignal,
): Promise<Paged<Entry, VersionMarkers>> {
  const page = await session.send(
    new ListObjectVersionsCommand({
      Bucket: bucket,
      KeyMarker: markers.key,
      VersionIdMarker: markers.versionId,
      MaxKeys: DELETE_BATCH,
    }),
    { bucket, signal },
  );
  const entries: Entry[] = [];
  for (const v of page.Versions ?? []) {
    if (v.Key !== undefined)
      entries.push({ key: v.Key, versionId: v.VersionId, kind: v.IsLatest ? 'object' : 'version' });
  }
  for (const m of page.DeleteMarkers ?? []) {
    if (m.Key !== undefined) entries.push({ key: m.Key, versionId: m.VersionId, kind: 'marker' });
  }
  const next = page.IsTruncated
    ? { key: page.NextKeyMarker, versionId: page.NextVersionIdMarker }
    : undefined;
  return { items: entries, next };
}

/**
 * Deletes one listed page. RGW works through a DeleteObjects request one key at a time, and a versioned delete
 * is slow, so the page goes out as several requests side by side; each still carries at most 1000 keys.
 */
async function deletePage(
  session: S3Session,
  bucket: string,
  entries: Entry[],
  result: ForceDeleteResult,
  report: () => void,
  signal?: AbortSignal,
): Promise<void> {
  const size = Math.min(DELETE_BATCH, Math.max(1, Math.ceil(entries.length / DELETES_IN_FLIGHT)));
  const batches: Entry[][] = [];
  for (let start = 0; start < entries.length; start += size) batches.push(entries.slice(start, start + size));
  await Promise.all(
    batches.map(async (batch) => {
      await deleteBatch(session, bucket, batch, result, signal);
      report();
    }),
  );
}

async function deleteBatch(
  session: S3Session,
  bucket: string,
  batch: Entry[],
  result: ForceDeleteResult,
  signal?: AbortSignal,
): Promise<void> {
  const output = await session.send(
    new DeleteObjectsCommand({
      Bucket: bucket,
      Delete: {
        Objects: batch.map((e) => ({ Key: e.key, VersionId: e.versionId })),
        Quiet: true,
      },
    }),
    { bucket, signal },
  );
  const failed = new Set<string>();
  for (const e of output.Errors ?? []) {
    failed.add(`${e.Key}\n${e.VersionId ?? ''}`);
    result.failed++;
    if (result.failures.length < MAX_KEPT_FAILURES) {
      result.failures.push({
        key: e.Key ?? '',
        versionId: e.VersionId,
        code: e.Code ?? 'Error',
        message: e.Message ?? '',
      });
    }
  }
  for (const entry of batch) {
    if (failed.has(`${entry.key}\n${entry.versionId ?? ''}`)) continue;
    if (entry.kind === 'object') result.objectsDeleted++;
    else if (entry.kind === 'version') result.versionsDeleted++;
    else result.deleteMarkersDeleted++;
  }
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw toS3AppError(Object.assign(new Error('cancelled'), { name: 'AbortError' }), { endpoint: '' });
  }
}

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
