import { GetObjectCommand } from '@aws-sdk/client-s3';
import { contentDisposition, MAX_PRESIGN_SECONDS } from './link-rules';
import type { S3Session } from './session';

/**
 * A presigned GET for the real endpoint (never the relay: links must work for anyone who has them).
 * `download` forces a save under that file name; otherwise the browser decides (e.g. shows a PDF).
 */
export async function presignGet(
  session: S3Session,
  params: {
    bucket: string;
    key: string;
    expiresIn: number;
    download?: string;
    contentType?: string;
    /** One version of the key rather than the latest. */
    versionId?: string;
  },
): Promise<string> {
  const { bucket, key, expiresIn, download, contentType, versionId } = params;
  return session.presign(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      VersionId: versionId,
      ResponseContentDisposition: download ? contentDisposition(download) : undefined,
      ResponseContentType: contentType,
    }),
    { expiresIn: Math.min(Math.max(1, Math.round(expiresIn)), MAX_PRESIGN_SECONDS) },
  );
}
