import {
  CreateBucketCommand,
  DeleteBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { validateBucketName } from './bucket-names';
import { S3AppError } from './errors';
import { DEFAULT_REGION } from './profile';
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

/**
 * The seed's `conn.create_bucket`. The name is checked first, so a bad one never reaches the server. A region
 * other than us-east-1 is sent as LocationConstraint (AWS refuses us-east-1 there; RGW wants its zonegroup's
 * name, e.g. "default", or nothing).
 */
export async function createBucket(
  session: S3Session,
  bucket: string,
  options: { region?: string; signal?: AbortSignal } = {},
): Promise<void> {
  const verdict = validateBucketName(bucket);
  if (!verdict.ok) {
    throw new S3AppError(
      'invalid-bucket-name',
      `"${bucket}" is not a valid bucket name.`,
      verdict.problems.map((p) => p.reason).join(' '),
      { code: 'InvalidBucketName' },
    );
  }
  const region = options.region?.trim();
  const location = region && region !== DEFAULT_REGION ? region : undefined;
  try {
    await session.send(
      new CreateBucketCommand({
        Bucket: bucket,
        // The SDK's union lists AWS regions; any other name (RGW zonegroups) is still a valid constraint.
        CreateBucketConfiguration: location
          ? { LocationConstraint: location as BucketLocationConstraint }
          : undefined,
      }),
      { bucket, signal: options.signal },
    );
  } catch (error) {
    if (error instanceof S3AppError && error.code === 'InvalidLocationConstraint') {
      throw new S3AppError(
        'unknown',
        `${session.profile.endpoint} does not accept the region "${location}" for new buckets.`,
        'Leave the region empty to use the server’s default, or use a region (RGW: zonegroup) it serves.',
        { code: error.code, status: error.status, requestId: error.requestId },
      );
    }
    throw error;
  }
}

/** The seed's `conn.delete_bucket`: only an empty bucket; a full one fails with kind 'bucket-not-empty'. */
export async function deleteBucket(session: S3Session, bucket: string, signal?: AbortSignal): Promise<void> {
  await session.send(new DeleteBucketCommand({ Bucket: bucket }), { bucket, signal });
}
