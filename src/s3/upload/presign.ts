import { PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import type { S3Session } from '../session';

/**
 * Upload URLs are signed right before each request (signing is local and takes a millisecond), so this only has
 * to outlast one slow part; a retry signs again.
 */
export const UPLOAD_URL_SECONDS = 60 * 60;

/**
 * A presigned PUT of a whole object. The presigner signs `UNSIGNED-PAYLOAD` (the browser never hashes the body)
 * and leaves Content-Type unsigned, so the request may carry the file's type as a plain header.
 */
export async function presignPut(
  session: S3Session,
  params: { bucket: string; key: string; expiresIn?: number },
): Promise<string> {
  const url = await session.presign(new PutObjectCommand({ Bucket: params.bucket, Key: params.key }), {
    expiresIn: params.expiresIn ?? UPLOAD_URL_SECONDS,
  });
  return assertUploadUrl(url);
}

export async function presignUploadPart(
  session: S3Session,
  params: { bucket: string; key: string; uploadId: string; partNumber: number; expiresIn?: number },
): Promise<string> {
  const url = await session.presign(
    new UploadPartCommand({
      Bucket: params.bucket,
      Key: params.key,
      UploadId: params.uploadId,
      PartNumber: params.partNumber,
    }),
    { expiresIn: params.expiresIn ?? UPLOAD_URL_SECONDS },
  );
  return assertUploadUrl(url);
}

/**
 * With the SDK's default checksum setting, presigning bakes the CRC32 of an EMPTY body into the URL
 * (`x-amz-checksum-crc32=AAAAAA==`), and every real upload then fails its checksum. The session's clients are made
 * with `requestChecksumCalculation: 'WHEN_REQUIRED'`; this catches a regression before any byte is sent.
 */
export function assertUploadUrl(url: string): string {
  const query = new URL(url).searchParams;
  const checksum = [...query.keys()].find((name) => /^x-amz-(sdk-)?checksum/i.test(name));
  if (checksum) throw new Error(`A presigned upload URL must not carry ${checksum}: it pins an empty body.`);
  if (query.get('X-Amz-Content-Sha256') !== 'UNSIGNED-PAYLOAD') {
    throw new Error('A presigned upload URL must sign UNSIGNED-PAYLOAD.');
  }
  return url;
}
