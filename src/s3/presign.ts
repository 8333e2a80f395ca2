import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Session } from './session';

/** SigV4's longest allowed expiry: 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;

/**
 * `Content-Disposition` for a file name: an ASCII fallback plus the exact UTF-8 name (RFC 6266 / RFC 5987), so
 * unicode names survive the download and quotes or control characters cannot break the header.
 */
export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The name a downloaded key is saved under: its last path segment (or a stand-in for names like "a/"). */
export function fileNameOf(key: string): string {
  const name = key.split('/').filter(Boolean).pop() ?? '';
  return name === '.' || name === '..' || !name ? 'download' : name;
}

/**
 * A presigned GET for the real endpoint (never the relay: links must work for anyone who has them).
 * `download` forces a save under that file name; otherwise the browser decides (e.g. shows a PDF).
 */
export async function presignGet(
  session: S3Session,
  params: { bucket: string; key: string; expiresIn: number; download?: string; contentType?: string },
): Promise<string> {
  const { bucket, key, expiresIn, download, contentType } = params;
  return session.presign(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: download ? contentDisposition(download) : undefined,
      ResponseContentType: contentType,
    }),
    { expiresIn: Math.min(Math.max(1, Math.round(expiresIn)), MAX_PRESIGN_SECONDS) },
  );
}
