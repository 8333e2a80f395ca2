import { GetBucketLocationCommand } from '@aws-sdk/client-s3';
import { getBucketCors } from './cors';
import type { CorsRule } from './cors-rules';
import { toS3AppError, type S3AppError } from './errors';
import { listObjectsPage } from './objects';
import type { S3Session } from './session';
import { getBucketVersioning, type VersioningState } from './versions/versioning';

/** A fact about a bucket, or why it could not be read (one refusal must not hide the others). */
export type Fact<T> = { ok: true; value: T } | { ok: false; error: S3AppError };

export type { VersioningState } from './versions/versioning';

export interface BucketDetails {
  region: Fact<string>;
  versioning: Fact<VersioningState>;
  cors: Fact<CorsRule[]>;
}

/** Region (GetBucketLocation), versioning state and CORS rules, each read on its own. */
export async function getBucketDetails(
  session: S3Session,
  bucket: string,
  signal?: AbortSignal,
): Promise<BucketDetails> {
  const [region, versioning, cors] = await Promise.all([
    fact(async () => {
      const out = await session.send(new GetBucketLocationCommand({ Bucket: bucket }), { bucket, signal });
      // S3 reports us-east-1 as an empty constraint and eu-west-1 as the legacy "EU".
      const location = out.LocationConstraint as string | undefined;
      return !location ? 'us-east-1' : location === 'EU' ? 'eu-west-1' : location;
    }),
    fact(() => getBucketVersioning(session, bucket, signal)),
    fact(() => getBucketCors(session, bucket, { signal })),
  ]);
  return { region, versioning, cors };
}

async function fact<T>(read: () => Promise<T>): Promise<Fact<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: toS3AppError(error, { endpoint: '' }) };
  }
}

export interface BucketSize {
  objects: number;
  bytes: number;
}

/**
 * Counts a bucket's objects and their total size (current versions), every page. `unordered` uses RGW's faster
 * listing (the order does not matter for a sum). Cancellable with `signal`.
 */
export async function measureBucket(
  session: S3Session,
  bucket: string,
  options: { signal?: AbortSignal; onProgress?: (size: BucketSize) => void; unordered?: boolean } = {},
): Promise<BucketSize> {
  const size: BucketSize = { objects: 0, bytes: 0 };
  let token: string | undefined;
  do {
    const page = await listObjectsPage(session, {
      bucket,
      prefix: '',
      delimiter: '',
      token,
      unordered: options.unordered,
      signal: options.signal,
    });
    for (const object of page.objects) {
      size.objects++;
      size.bytes += object.size;
    }
    options.onProgress?.({ ...size });
    token = page.nextToken;
  } while (token);
  return size;
}
