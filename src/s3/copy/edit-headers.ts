import { CopyObjectCommand, DeleteObjectTaggingCommand, type Tag } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';
import { GiB } from '../upload/part-plan';
import { requireSourceEtag } from './copy-condition';
import { headerProblems, tagProblems } from '../header-rules';
import { encodeCopySource, nameOf } from './keys';
import {
  checkExpected,
  headersInput,
  headSource,
  isPreconditionFailure,
  isPublicRead,
  readTags,
  sourceChanged,
  writeTags,
  type ObjectRef,
  type StoredHeaders,
} from './source-object';

function refuse(problems: string[], key: string): void {
  if (!problems.length) return;
  throw new S3AppError(
    'invalid-headers',
    `"${nameOf(key)}" was not changed: ${problems[0]}`,
    problems.join(' '),
    {
      code: 'InvalidHeaders',
    },
  );
}

/**
 * Saves new Content-Type, Cache-Control, … and user metadata: S3 stores them only with the object, so the object is
 * copied onto itself with REPLACE. That copy drops the tags (RGW) and the ACL (always), so both are put back. With
 * `expectedEtag` (what the details panel showed), an object changed meanwhile is refused. Returns the new ETag.
 */
export async function replaceHeaders(
  session: S3Session,
  ref: ObjectRef,
  headers: StoredHeaders,
  options: { expectedEtag?: string; signal?: AbortSignal } = {},
): Promise<string> {
  const { signal } = options;
  refuse(headerProblems(headers), ref.key);
  const source = await headSource(session, ref, signal);
  checkExpected(source, { etag: options.expectedEtag });
  if (source.size > 5 * GiB) {
    throw new S3AppError(
      'not-implemented',
      `"${nameOf(ref.key)}" is over 5 GiB: S3 cannot change its headers in place.`,
      'Upload it again with the headers it should have.',
      { code: 'EntityTooLarge' },
    );
  }
  const [publicRead, tags] = await Promise.all([
    isPublicRead(session, ref, signal),
    readTags(session, ref, signal),
  ]);
  const command = new CopyObjectCommand({
    Bucket: ref.bucket,
    Key: ref.key,
    CopySource: encodeCopySource(ref.bucket, ref.key),
    MetadataDirective: 'REPLACE',
    ...headersInput(headers),
    ACL: publicRead ? 'public-read' : undefined,
  });
  requireSourceEtag(command, source.etag);
  try {
    await session.send(command, { ...ref, signal });
  } catch (error) {
    throw isPreconditionFailure(error) ? sourceChanged(ref.key, 'PreconditionFailed') : error;
  }
  await writeTags(session, ref, tags, signal);
  return (await headSource(session, ref, signal)).etag;
}

/** Replaces the object's tags (none: removes them), after checking S3's limits. */
export async function saveTags(
  session: S3Session,
  ref: ObjectRef,
  tags: Tag[],
  signal?: AbortSignal,
): Promise<void> {
  refuse(tagProblems(tags), ref.key);
  if (tags.length) await writeTags(session, ref, tags, signal);
  else
    await session.send(new DeleteObjectTaggingCommand({ Bucket: ref.bucket, Key: ref.key }), {
      ...ref,
      signal,
    });
}
