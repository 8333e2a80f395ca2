import { CopyObjectCommand, DeleteObjectTaggingCommand, type Tag } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';
import { GiB } from '../upload/part-plan';
import { requireSourceEtag } from './copy-condition';
import { encodeCopySource, keyBytes, nameOf } from './keys';
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

/** S3's limits: user metadata at most 2 KB (names and values), 10 tags, keys of 128 and values of 256 chars. */
export const MAX_METADATA_BYTES = 2048;
export const MAX_TAGS = 10;
export const MAX_TAG_KEY = 128;
export const MAX_TAG_VALUE = 256;

/** HTTP header-name characters; S3 stores metadata names lower-cased. */
const METADATA_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** What is wrong with these headers, in words, before any request; empty when they can be saved. */
export function headerProblems(headers: StoredHeaders): string[] {
  const problems: string[] = [];
  let bytes = 0;
  for (const [name, value] of Object.entries(headers.metadata)) {
    if (!METADATA_NAME.test(name)) {
      problems.push(`Metadata name "${name}" may hold only lower-case letters, digits and - _ . characters.`);
    }
    bytes += keyBytes(name) + keyBytes(value);
  }
  if (bytes > MAX_METADATA_BYTES) {
    problems.push(`User metadata is ${bytes} bytes; S3 allows ${MAX_METADATA_BYTES}.`);
  }
  const text = [
    headers.contentType,
    headers.cacheControl,
    headers.contentDisposition,
    headers.contentEncoding,
  ];
  if (text.some((value) => value !== undefined && /[\r\n]/.test(value))) {
    problems.push('Header values must fit on one line.');
  }
  return problems;
}

/** What is wrong with these tags (RGW accepts duplicate keys, so the app checks). */
export function tagProblems(tags: readonly Tag[]): string[] {
  const problems: string[] = [];
  if (tags.length > MAX_TAGS) problems.push(`${tags.length} tags; S3 allows ${MAX_TAGS}.`);
  const seen = new Set<string>();
  for (const { Key = '', Value = '' } of tags) {
    if (!Key) problems.push('A tag needs a key.');
    if ([...Key].length > MAX_TAG_KEY)
      problems.push(`Tag key "${Key.slice(0, 20)}…" is over ${MAX_TAG_KEY} characters.`);
    if ([...Value].length > MAX_TAG_VALUE)
      problems.push(`The value of tag "${Key}" is over ${MAX_TAG_VALUE} characters.`);
    if (seen.has(Key)) problems.push(`Tag "${Key}" appears twice.`);
    seen.add(Key);
  }
  return problems;
}

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
