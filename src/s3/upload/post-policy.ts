import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Session } from '../session';
import { amzDate, hex, hmac, signingKey, SIGV4_ALGORITHM } from '../sigv4';
import { FORM_POST_LIMIT } from './part-plan';

/**
 * A browser-based POST upload (S3's "POST Object" with a SigV4-signed policy) for one folder of one bucket: keys
 * under that folder, files up to FORM_POST_LIMIT, for a few minutes. One signature serves every small file of a
 * batch. It is narrow because it leaves the page: the batch lane hands it to the app's server, and whoever holds
 * it may write (and overwrite) any key it allows until it expires.
 *
 * Why: a presigned PUT is a CORS "non-simple" request, so Chromium sends an OPTIONS preflight before each one (the
 * preflight cache is per URL, and every presigned URL differs). A multipart/form-data POST without custom headers
 * is a simple request: one round trip per file instead of two, and no per-file signing.
 */
export interface PostTarget {
  /** The bucket's URL on the real endpoint. */
  url: string;
  /** Form fields that go before `key`, `Content-Type` and the file. */
  fields: Record<string, string>;
  /** Epoch ms (this browser's clock) after which the policy must not be used. */
  expiresAt: number;
}

/** How long a policy is valid. A small file takes seconds; a new policy costs one HMAC in the page. */
export const POLICY_SECONDS = 10 * 60;

/** What a form's `Content-Type` field may be: any value that starts with a text, or exactly one value. */
export type ContentTypeRule = { startsWith: string } | { equals: string };

export interface PolicyLimits {
  /** How long the policy is valid (default POLICY_SECONDS). */
  seconds?: number;
  /** The largest file in bytes (default FORM_POST_LIMIT). */
  maxBytes?: number;
  /** Default: any type. */
  contentType?: ContentTypeRule;
}

/** A policy for keys that start with `folder` ('' for the whole bucket), within `limits`. */
export async function signPostPolicy(
  session: S3Session,
  bucket: string,
  folder: string,
  limits: PolicyLimits = {},
): Promise<PostTarget> {
  const { seconds = POLICY_SECONDS, maxBytes = FORM_POST_LIMIT, contentType = { startsWith: '' } } = limits;
  const client = session.directClient;
  const credentials = await client.config.credentials();
  const region = await client.config.region();
  // The SDK learns the server's clock from earlier answers; a policy signed with a wrong clock is refused.
  const offset = client.config.systemClockOffset ?? 0;
  const now = new Date(Date.now() + offset);
  const date = amzDate(now);
  const day = date.slice(0, 8);
  const credential = `${credentials.accessKeyId}/${day}/${region}/s3/aws4_request`;
  const fields: Record<string, string> = {
    'X-Amz-Algorithm': SIGV4_ALGORITHM,
    'X-Amz-Credential': credential,
    'X-Amz-Date': date,
  };
  if (credentials.sessionToken) fields['X-Amz-Security-Token'] = credentials.sessionToken;
  const conditions: unknown[] = [
    { bucket },
    ['starts-with', '$key', folder],
    'equals' in contentType
      ? ['eq', '$Content-Type', contentType.equals]
      : ['starts-with', '$Content-Type', contentType.startsWith],
    ['content-length-range', 0, maxBytes],
    ...Object.entries(fields).map(([name, value]) => ({ [name.toLowerCase()]: value })),
  ];
  const policy = base64(
    JSON.stringify({ expiration: new Date(now.getTime() + seconds * 1000).toISOString(), conditions }),
  );
  const key = await signingKey(credentials.secretAccessKey, day, region);
  fields.Policy = policy;
  fields['X-Amz-Signature'] = hex(await hmac(key, policy));
  return { url: await bucketUrl(session, bucket), fields, expiresAt: Date.now() + seconds * 1000 };
}

/**
 * The URL a form posts to, as the SDK addresses the bucket (path or virtual-host style, custom endpoints): a
 * presigned PUT of a one-letter key, with that key and the query taken off.
 */
async function bucketUrl(session: S3Session, bucket: string): Promise<string> {
  const url = new URL(
    await getSignedUrl(session.directClient, new PutObjectCommand({ Bucket: bucket, Key: 'k' }), {
      expiresIn: 60,
    }),
  );
  if (!url.pathname.endsWith('/k')) throw new Error(`Unexpected upload URL shape: ${url.pathname}`);
  return `${url.origin}${url.pathname.slice(0, -1)}`;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
