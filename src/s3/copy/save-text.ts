import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import type { S3Session } from '../session';
import { checkDestinationKey, nameOf } from './keys';
import {
  headersInput,
  headSource,
  isPreconditionFailure,
  isPublicRead,
  readTags,
  tagQuery,
  type ObjectRef,
} from './source-object';

export interface SaveTextOptions {
  /**
   * The ETag the editor opened: the save is refused (`source-changed`) if the object changed since, so the person
   * can choose to overwrite (save again without it), reload, or save as a copy. Omit to overwrite.
   */
  expectedEtag?: string;
  /** Keep headers, metadata, tags and public grant of this object (the one that was opened); default: `ref`. */
  keepFrom?: ObjectRef;
  /** Refuse to replace an existing object: "save as a copy" under a new name. */
  createOnly?: boolean;
  signal?: AbortSignal;
}

/**
 * Saves edited text. A PUT replaces everything S3 stores with the object, so Content-Type, the other headers,
 * metadata, tags and a public-read grant of the opened object are sent again with it. RGW compares If-Match with
 * the ETag unquoted (a quoted one never matches). Returns the new ETag.
 */
export async function saveTextObject(
  session: S3Session,
  ref: ObjectRef,
  text: string,
  options: SaveTextOptions = {},
): Promise<string | undefined> {
  const { signal } = options;
  checkDestinationKey(ref.key);
  const opened = options.keepFrom ?? ref;
  const [source, tags, publicRead] = await Promise.all([
    headSource(session, opened, signal),
    readTags(session, opened, signal),
    isPublicRead(session, opened, signal),
  ]);
  const expected = options.expectedEtag?.replace(/"/g, '');
  if (expected && !options.keepFrom && source.etag !== expected) throw changedSinceOpened(ref.key);
  try {
    const output = await session.send(
      new PutObjectCommand({
        Bucket: ref.bucket,
        Key: ref.key,
        Body: text,
        ...headersInput(source.headers),
        ACL: publicRead ? 'public-read' : undefined,
        Tagging: tags.length ? tagQuery(tags) : undefined,
        IfMatch: options.createOnly ? undefined : expected,
        IfNoneMatch: options.createOnly ? '*' : undefined,
      }),
      { ...ref, signal },
    );
    return output.ETag?.replace(/"/g, '');
  } catch (error) {
    if (!isPreconditionFailure(error)) throw error;
    if (options.createOnly) {
      throw new S3AppError(
        'invalid-destination',
        `"${nameOf(ref.key)}" already exists.`,
        'Choose another name for the copy.',
        { code: 'PreconditionFailed', status: 412 },
      );
    }
    throw changedSinceOpened(ref.key);
  }
}

function changedSinceOpened(key: string): S3AppError {
  return new S3AppError(
    'source-changed',
    `"${nameOf(key)}" changed since it was opened: your text was not saved.`,
    'Overwrite it with your text, reload the new version, or save yours as a copy.',
    { code: 'PreconditionFailed', status: 412 },
  );
}
