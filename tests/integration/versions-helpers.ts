// What the versions tests need besides the sandbox: buckets with versioning (and object lock), emptied of every
// version afterwards, and writes that return their version ids.
import crypto from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { adminClient } from './sandbox';

/**
 * Runs `fn` with a fresh bucket (`iv-<random>`): versioning on unless `versioning: false`, object lock when asked
 * (which forces versioning on). Afterwards every version and marker is deleted (bypassing governance retention,
 * lifting legal holds), then the bucket.
 */
export async function withVersionedBucket<T>(
  fn: (bucket: string) => Promise<T>,
  options: { versioning?: boolean; objectLock?: boolean } = {},
): Promise<T> {
  const bucket = `iv-${crypto.randomBytes(6).toString('hex')}`;
  const s3 = adminClient();
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: options.objectLock }));
  if (options.versioning !== false && !options.objectLock) await setVersioning(bucket, 'Enabled');
  try {
    return await fn(bucket);
  } finally {
    await deleteVersionedBucket(bucket, options.objectLock);
  }
}

export async function setVersioning(bucket: string, status: 'Enabled' | 'Suspended'): Promise<void> {
  await adminClient().send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: status } }),
  );
}

async function deleteVersionedBucket(bucket: string, locked = false): Promise<void> {
  const s3 = adminClient();
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key!,
      VersionId: v.VersionId,
    }));
    if (!entries.length) break;
    if (locked) {
      for (const entry of entries) {
        await s3
          .send(new PutObjectLegalHoldCommand({ Bucket: bucket, ...entry, LegalHold: { Status: 'OFF' } }))
          .catch(() => undefined);
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, ...entry, BypassGovernanceRetention: true }));
      }
      continue;
    }
    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: entries, Quiet: true } }),
    );
    if (result.Errors?.length)
      throw new Error(`could not empty ${bucket}: ${JSON.stringify(result.Errors[0])}`);
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** Writes one version; its version id. */
export async function putVersion(
  bucket: string,
  key: string,
  body: string,
  extra: Partial<PutObjectCommandInput> = {},
): Promise<string> {
  const out = await adminClient().send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }),
  );
  return out.VersionId ?? 'null';
}

/** Deletes a key without a version id (a delete marker when versioning is on); the marker's version id. */
export async function putDeleteMarker(bucket: string, key: string): Promise<string> {
  const out = await adminClient().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  return out.VersionId ?? 'null';
}
