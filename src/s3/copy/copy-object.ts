import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';
import { requireSourceEtag } from './copy-condition';
import { checkDestinationKey, encodeCopySource, nameOf } from './keys';
import { copyMultipart } from './multipart-copy';
import {
  checkExpected,
  copyMismatch,
  headSource,
  isPreconditionFailure,
  isPublicRead,
  sourceChanged,
  type ExpectedSource,
  type ObjectRef,
  type SourceObject,
} from './source-object';
import { copyTuning, type CopyTuning } from './tuning';

export interface CopyObjectRequest {
  session: S3Session;
  source: ObjectRef;
  destination: ObjectRef;
  /** What the caller listed; a source that changed since is refused (`source-changed`). */
  expected?: ExpectedSource;
  signal?: AbortSignal;
  /** Bytes copied so far (the server moves them; parts report as they finish). */
  onProgress?: (bytesDone: number) => void;
  tuning?: Partial<CopyTuning>;
}

/** A verified copy: the destination holds the source's bytes. */
export interface CopyOutcome {
  size: number;
  sourceEtag: string;
  destinationEtag: string;
}

/**
 * Copies one object within one connection, server-side: CopyObject, or UploadPartCopy parts above the threshold.
 * Content-Type, the other stored headers, user metadata and tags go with it, and a public-read grant is re-applied
 * (S3 never copies an ACL). It resolves only once the destination has been read back and matches the source.
 */
export async function copyObject(request: CopyObjectRequest): Promise<CopyOutcome> {
  const { session, destination, signal } = request;
  checkDestinationKey(destination.key, request.source.key);
  if (request.source.bucket === destination.bucket && request.source.key === destination.key) {
    throw new S3AppError(
      'invalid-destination',
      `"${nameOf(destination.key)}" is already there.`,
      'Pick another folder or name.',
      { code: 'SameObject' },
    );
  }
  const tuning = copyTuning(request.tuning);
  const source = await headSource(session, request.source, signal);
  checkExpected(source, request.expected);
  const publicRead = await isPublicRead(session, source, signal);

  if (source.size > tuning.multipartThreshold) {
    const destinationEtag = await copyMultipart({
      session,
      source,
      destination,
      publicRead,
      tuning,
      signal,
      onProgress: request.onProgress,
    });
    return { size: source.size, sourceEtag: source.etag, destinationEtag };
  }
  await copyWhole(session, source, destination, publicRead, signal);
  request.onProgress?.(source.size);
  const destinationEtag = await verifyWholeCopy(session, source, destination, signal);
  return { size: source.size, sourceEtag: source.etag, destinationEtag };
}

/**
 * One CopyObject. The metadata directive stays COPY: with it the server keeps every stored header and the tags
 * (RGW ties tags to the metadata directive; REPLACE would drop them and ignore x-amz-tagging).
 */
async function copyWhole(
  session: S3Session,
  source: SourceObject,
  destination: ObjectRef,
  publicRead: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const command = new CopyObjectCommand({
    Bucket: destination.bucket,
    Key: destination.key,
    CopySource: encodeCopySource(source.bucket, source.key),
    ACL: publicRead ? 'public-read' : undefined,
  });
  requireSourceEtag(command, source.etag);
  try {
    await session.send(command, { ...destination, signal });
  } catch (error) {
    if (isPreconditionFailure(error)) throw sourceChanged(source.key, 'PreconditionFailed');
    throw error;
  }
}

/** A whole-object copy keeps the source's ETag (multipart ones too): read the destination back and compare. */
async function verifyWholeCopy(
  session: S3Session,
  source: SourceObject,
  destination: ObjectRef,
  signal?: AbortSignal,
): Promise<string> {
  const copied = await headSource(session, destination, signal);
  if (copied.size !== source.size) {
    throw copyMismatch(source.key, `${copied.size} bytes instead of ${source.size}`);
  }
  if (copied.etag !== source.etag) throw copyMismatch(source.key, 'another ETag');
  return copied.etag;
}
