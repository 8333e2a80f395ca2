import {
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  PutObjectTaggingCommand,
  type Tag,
} from '@aws-sdk/client-s3';
import { getObjectAcl } from '../acl';
import { S3AppError } from '../errors';
import type { CallTarget, S3Session } from '../session';
import { unquoteEtag } from '../upload/xhr-send';
import { nameOf } from './keys';

export interface ObjectRef {
  bucket: string;
  key: string;
  /** One version of the key (a copy's source only); without it, the latest. */
  versionId?: string;
}

/** What a copy must carry besides the bytes: the headers S3 stores with an object. */
export interface StoredHeaders {
  contentType?: string;
  cacheControl?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  /** As the server sent it (an HTTP date), so it goes back unchanged. */
  expires?: string;
  /** `x-amz-meta-*`, names without the prefix. */
  metadata: Record<string, string>;
}

/** One object as seen right before it is copied. */
export interface SourceObject extends ObjectRef {
  size: number;
  /** Without quotes. */
  etag: string;
  lastModified?: Date;
  headers: StoredHeaders;
}

/** What the caller saw when it listed the object: a copy of anything else is refused. */
export interface ExpectedSource {
  etag?: string;
  size?: number;
}

export async function headSource(
  session: S3Session,
  ref: ObjectRef,
  signal?: AbortSignal,
): Promise<SourceObject> {
  // Every header, where the connection can see them: a copy or an edit must not drop metadata it cannot see.
  const via = session.headersRoute(ref.bucket) === 'relay' ? 'relay' : undefined;
  const head = await session.send(
    new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
    { ...ref, signal, via },
  );
  return {
    ...ref,
    size: head.ContentLength ?? 0,
    etag: unquoteEtag(head.ETag) ?? '',
    lastModified: head.LastModified,
    headers: storedHeaders(head),
  };
}

/** The headers of a HeadObject or GetObject answer that S3 stores with the object. */
export function storedHeaders(head: HeadObjectCommandOutput): StoredHeaders {
  return {
    contentType: head.ContentType,
    cacheControl: head.CacheControl,
    contentDisposition: head.ContentDisposition,
    contentEncoding: head.ContentEncoding,
    contentLanguage: head.ContentLanguage,
    expires: head.ExpiresString,
    metadata: head.Metadata ?? {},
  };
}

/** Whether anyone may read the object: the one grant a copy carries over (S3 never copies an ACL). */
export async function isPublicRead(
  session: S3Session,
  ref: ObjectRef,
  signal?: AbortSignal,
  via?: CallTarget['via'],
): Promise<boolean> {
  const acl = await getObjectAcl(session, ref.bucket, ref.key, signal, ref.versionId, via);
  return acl.supported && acl.publicRead;
}

/** The object's tags; none on a server without tagging. */
export async function readTags(session: S3Session, ref: ObjectRef, signal?: AbortSignal): Promise<Tag[]> {
  try {
    const output = await session.send(
      new GetObjectTaggingCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
      { ...ref, signal },
    );
    return output.TagSet ?? [];
  } catch (error) {
    if (error instanceof S3AppError && error.kind === 'not-implemented') return [];
    throw error;
  }
}

/** Refuses a source that is not what the caller listed: a person chose that object, not its replacement. */
export function checkExpected(source: SourceObject, expected: ExpectedSource | undefined): void {
  if (!expected) return;
  const etagDiffers = expected.etag !== undefined && unquoteEtag(expected.etag) !== source.etag;
  const sizeDiffers = expected.size !== undefined && expected.size !== source.size;
  if (etagDiffers || sizeDiffers) throw sourceChanged(source.key);
}

export function sourceChanged(key: string, code = 'SourceChanged'): S3AppError {
  return new S3AppError(
    'source-changed',
    `"${nameOf(key) || key}" changed since it was listed: it was not copied.`,
    'Refresh the listing to see the new version, then try again.',
    { code },
  );
}

/** The copy is not what was asked for: the source stays, and the person is told which file. */
export function copyMismatch(key: string, what: string): S3AppError {
  return new S3AppError(
    'copy-mismatch',
    `The copy of "${nameOf(key) || key}" does not match the original (${what}): the original was kept.`,
    'Try again; if it happens again, the destination may be changing at the same time.',
    { code: 'CopyMismatch' },
  );
}

export function copyCancelled(): S3AppError {
  return new S3AppError('aborted', 'The copy was cancelled.', 'Start it again when you are ready.', {
    code: 'AbortError',
  });
}

/** An S3AppError from a copy request whose source condition failed (412): the source is another version now. */
export function isPreconditionFailure(error: unknown): boolean {
  return (
    error instanceof S3AppError &&
    (error.status === 412 || error.code === 'PreconditionFailed' || error.code === '412')
  );
}

/** The stored headers as a PUT, CreateMultipartUpload or REPLACE copy takes them. */
export function headersInput(headers: StoredHeaders) {
  const expires = headers.expires ? new Date(headers.expires) : undefined;
  return {
    ContentType: headers.contentType,
    CacheControl: headers.cacheControl,
    ContentDisposition: headers.contentDisposition,
    ContentEncoding: headers.contentEncoding,
    ContentLanguage: headers.contentLanguage,
    Expires: expires && !Number.isNaN(expires.getTime()) ? expires : undefined,
    Metadata: Object.fromEntries(
      Object.entries(headers.metadata).map(([name, value]) => [name, asciiHeaderValue(value)]),
    ),
  };
}

/**
 * A metadata value that is not ASCII cannot be sent back as it came: HTTP headers arrive as bytes read one char
 * each, and a client that re-sends those chars signs other bytes than it sends (RGW: SignatureDoesNotMatch). Such a
 * value is sent RFC 2047-encoded, as AWS itself stores non-ASCII metadata.
 */
export function asciiHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  const bytes = Uint8Array.from(value, (char) => char.charCodeAt(0) & 0xff);
  const wide = [...value].some((char) => char.charCodeAt(0) > 0xff);
  // A value typed in this page (not read from a header) is already text.
  const utf8 = wide ? new TextEncoder().encode(value) : bytes;
  let binary = '';
  for (const byte of utf8) binary += String.fromCharCode(byte);
  return `=?UTF-8?B?${btoa(binary)}?=`;
}

/** Puts tags on an object that was just written (an upload or a part copy carries none on RGW 16). */
export async function writeTags(
  session: S3Session,
  ref: ObjectRef,
  tags: Tag[],
  signal?: AbortSignal,
): Promise<void> {
  if (!tags.length) return;
  await session.send(
    new PutObjectTaggingCommand({ Bucket: ref.bucket, Key: ref.key, Tagging: { TagSet: tags } }),
    { ...ref, signal },
  );
}

/** Tags as the `x-amz-tagging` header of a PUT takes them. */
export function tagQuery(tags: Tag[]): string {
  return new URLSearchParams(tags.map((tag) => [tag.Key ?? '', tag.Value ?? ''])).toString();
}

/** Starts the destination's multipart upload with the source's headers (and a public-read grant); its upload id. */
export async function startMultipart(
  session: S3Session,
  destination: ObjectRef,
  headers: StoredHeaders,
  publicRead: boolean,
): Promise<string> {
  const created = await session.send(
    new CreateMultipartUploadCommand({
      Bucket: destination.bucket,
      Key: destination.key,
      ...headersInput(headers),
      ACL: publicRead ? 'public-read' : undefined,
    }),
    destination,
  );
  if (!created.UploadId) {
    throw new S3AppError('server-error', 'The server did not start the copy (no upload id).', 'Try again.', {
      code: 'NoUploadId',
    });
  }
  return created.UploadId;
}
