import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3AppError } from './errors';
import { storedHeaders, type StoredHeaders } from './copy/source-object';
import type { Route, S3Session } from './session';

export interface ObjectDetails {
  key: string;
  size: number;
  lastModified?: Date;
  etag?: string;
  storageClass: string;
  /** Content-Type, Cache-Control, …, and user metadata: what the metadata editor starts from. */
  headers: StoredHeaders;
  /** 'direct': the bucket's CORS rule decides which headers the page saw (user metadata may be hidden). */
  seenVia: Route;
}

/** What S3 knows about one object (HeadObject): for the details panel. */
export async function getObjectDetails(
  session: S3Session,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<ObjectDetails> {
  const seenVia = session.headersRoute(bucket);
  const head = await session.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
    bucket,
    key,
    signal,
    via: seenVia === 'relay' ? 'relay' : undefined,
  });
  return {
    key,
    size: head.ContentLength ?? 0,
    lastModified: head.LastModified,
    etag: head.ETag,
    // S3 omits the header for the default class.
    storageClass: head.StorageClass ?? 'STANDARD',
    headers: storedHeaders(head),
    seenVia,
  };
}

/** The seed's `key.set_contents_from_string`: a small text object typed by the user. */
export async function putTextObject(
  session: S3Session,
  params: { bucket: string; key: string; text: string; contentType?: string },
): Promise<void> {
  const { bucket, key, text, contentType = 'text/plain; charset=utf-8' } = params;
  await session.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: contentType }),
    {
      bucket,
      key,
    },
  );
}

/** A folder in S3 is a zero-byte marker object whose key ends with "/". */
export async function createFolder(session: S3Session, bucket: string, prefix: string): Promise<void> {
  const key = prefix.endsWith('/') ? prefix : `${prefix}/`;
  await session.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '' }), { bucket, key });
}

/** Whether a key exists, to ask before overwriting it. */
export async function objectExists(session: S3Session, bucket: string, key: string): Promise<boolean> {
  try {
    await session.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { bucket, key });
    return true;
  } catch (error) {
    if (error instanceof S3AppError && error.kind === 'no-such-key') return false;
    throw error;
  }
}
