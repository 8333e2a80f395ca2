import { GetBucketVersioningCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';

export type VersioningState = 'Enabled' | 'Suspended' | 'Never enabled';

/** Whether the bucket keeps versions: on, suspended (kept, but no new ones), or never switched on. */
export async function getBucketVersioning(
  session: S3Session,
  bucket: string,
  signal?: AbortSignal,
): Promise<VersioningState> {
  const out = await session.send(new GetBucketVersioningCommand({ Bucket: bucket }), { bucket, signal });
  return out.Status === 'Enabled' || out.Status === 'Suspended' ? out.Status : 'Never enabled';
}

/**
 * Switches a bucket's versioning on ('Enabled') or pauses it ('Suspended': new writes replace the `null` version,
 * the versions already kept stay). A bucket with object lock cannot be suspended; the refusal says so.
 */
export async function setBucketVersioning(
  session: S3Session,
  bucket: string,
  status: 'Enabled' | 'Suspended',
  signal?: AbortSignal,
): Promise<void> {
  try {
    await session.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }),
      { bucket, signal },
    );
  } catch (error) {
    if (error instanceof S3AppError && error.code === 'InvalidBucketState') {
      throw new S3AppError(
        'object-locked',
        `Versioning of bucket "${bucket}" cannot be suspended: the bucket has object lock, which needs every version kept.`,
        'Versioning stays on for this bucket; object lock cannot be turned off.',
        error,
      );
    }
    throw error;
  }
}
