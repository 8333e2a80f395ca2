import {
  AbortMultipartUploadCommand,
  type ListObjectVersionsCommandOutput,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';

/** DeleteObjects requests in flight: RGW works through one request a key at a time, so a few side by side help. */
const DELETES_IN_FLIGHT = 4;

/**
 * Removes a bucket whatever it holds (versions, delete markers, unfinished uploads), from Node; a bucket that is
 * already gone is fine. For test and benchmark clean-up, independent of the app's own forced delete. Big buckets
 * (the benchmark's 100,000 keys) go quickly: the next page is listed while the last one is deleted.
 */
export async function purgeBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    for (;;) {
      const uploads = (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
      for (const u of uploads) {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
      }
      const removed = await deleteEveryVersion(s3, bucket);
      if (!removed && !uploads.length) break;
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'NoSuchBucket') throw error;
  }
}

/** One pass over the bucket's versions; returns how many were deleted. */
async function deleteEveryVersion(s3: S3Client, bucket: string): Promise<number> {
  const deletes = new Set<Promise<void>>();
  let removed = 0;
  let markers: { KeyMarker?: string; VersionIdMarker?: string } | undefined = {};
  while (markers) {
    const page: ListObjectVersionsCommandOutput = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, ...markers }),
    );
    const objects: ObjectIdentifier[] = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map(
      (v) => ({
        Key: v.Key!,
        VersionId: v.VersionId,
      }),
    );
    markers = page.IsTruncated
      ? { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker }
      : undefined;
    if (!objects.length) continue;
    removed += objects.length;
    const done: Promise<void> = s3
      .send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }))
      .then(() => undefined)
      .finally(() => deletes.delete(done));
    // A failure surfaces through race/all below; this only keeps it from counting as unhandled meanwhile.
    done.catch(() => undefined);
    deletes.add(done);
    if (deletes.size >= DELETES_IN_FLIGHT) await Promise.race(deletes);
  }
  await Promise.all(deletes);
  return removed;
}
