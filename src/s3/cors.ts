import { GetBucketCorsCommand, PutBucketCorsCommand, type CORSRule } from '@aws-sdk/client-s3';
import { mergeCorsRules, type CorsRule } from './cors-rules';
import { S3AppError } from './errors';
import type { S3Session } from './session';

/** Reads and changes a bucket's CORS rules (the rules themselves are in cors-rules.ts). */
const fromSdk = (rule: CORSRule): CorsRule => ({
  ...(rule.ID ? { ID: rule.ID } : {}),
  AllowedOrigins: rule.AllowedOrigins ?? [],
  AllowedMethods: rule.AllowedMethods ?? [],
  ...(rule.AllowedHeaders?.length ? { AllowedHeaders: rule.AllowedHeaders } : {}),
  ...(rule.ExposeHeaders?.length ? { ExposeHeaders: rule.ExposeHeaders } : {}),
  ...(rule.MaxAgeSeconds !== undefined ? { MaxAgeSeconds: rule.MaxAgeSeconds } : {}),
});

export interface CorsCallOptions {
  signal?: AbortSignal;
  /** 'relay' when the page itself is refused by the bucket (the doctor's case). */
  via?: 'relay';
}

/** The bucket's CORS rules; none (not an error) when it has no CORS configuration. */
export async function getBucketCors(
  session: S3Session,
  bucket: string,
  options: CorsCallOptions = {},
): Promise<CorsRule[]> {
  try {
    const output = await session.send(new GetBucketCorsCommand({ Bucket: bucket }), { bucket, ...options });
    return (output.CORSRules ?? []).map(fromSdk);
  } catch (error) {
    if (error instanceof S3AppError && error.code === 'NoSuchCORSConfiguration') return [];
    throw error;
  }
}

/** Adds this app's rule for `origin` to the bucket (PutBucketCors), keeping its other rules. */
export async function applyCorsRule(
  session: S3Session,
  bucket: string,
  origin: string,
  options: CorsCallOptions = {},
): Promise<{ changed: boolean; rules: CorsRule[] }> {
  const existing = await getBucketCors(session, bucket, options);
  const merged = mergeCorsRules(existing, origin);
  if (merged.changed) {
    await session.send(
      new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: merged.rules } }),
      { bucket, ...options },
    );
  }
  return merged;
}
