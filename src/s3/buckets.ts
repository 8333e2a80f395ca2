import { ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { S3Session } from './session';

export interface BucketSummary {
  name: string;
  /** Creation date as the server reports it (the seed prints it as an ISO timestamp). */
  created?: Date;
}

/** The seed's `conn.get_all_buckets()`: every bucket the keys own, with its creation date. */
export async function listBuckets(session: S3Session, signal?: AbortSignal): Promise<BucketSummary[]> {
  const buckets: BucketSummary[] = [];
  let token: string | undefined;
  do {
    const page = await session.send(new ListBucketsCommand({ ContinuationToken: token }), { signal });
    for (const bucket of page.Buckets ?? []) {
      if (bucket.Name) buckets.push({ name: bucket.Name, created: bucket.CreationDate });
    }
    // Servers without ListBuckets pagination (RGW 16) return no token: one page is everything.
    token = page.ContinuationToken;
  } while (token);
  return buckets;
}

/**
 * Checks that a bucket can be listed with these keys, for "Open bucket" when ListBuckets is refused.
 * Listing (not HeadBucket) is used because a HEAD answer carries no error code to explain a refusal.
 */
export async function checkBucket(session: S3Session, bucket: string, signal?: AbortSignal): Promise<void> {
  await session.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }), { bucket, signal });
}
