import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import { EDIT_TEXT_MAX_BYTES, editTextRefusal } from '../preview-kind';
import { unquoteEtag } from '../upload/xhr-send';
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

export interface OpenedText {
  text: string;
  /** The version that was opened (unquoted): a save over anything else is refused until the person chooses. */
  etag: string;
}

/**
 * Reads a text object for editing, whole. Refused: over the size limit, compressed (the browser would hand over
 * the inflated bytes, and saving them under the same Content-Encoding would corrupt the object), or not UTF-8
 * (a textarea would replace what it cannot decode, and saving would write that loss).
 */
export async function openTextObject(
  session: S3Session,
  ref: ObjectRef,
  signal?: AbortSignal,
): Promise<OpenedText> {
  const output = await session.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }), {
    ...ref,
    signal,
  });
  const refusal = editTextRefusal({
    contentType: output.ContentType,
    contentEncoding: output.ContentEncoding,
    size: output.ContentLength ?? 0,
  });
  if (refusal) {
    await output.Body?.transformToWebStream().cancel();
    const kind = (output.ContentLength ?? 0) > EDIT_TEXT_MAX_BYTES ? 'too-large' : 'not-implemented';
    throw new S3AppError(
      kind,
      `"${nameOf(ref.key)}" cannot be edited here: ${refusal}`,
      'Download it and edit it on your computer.',
      { code: 'NotEditable' },
    );
  }
  const bytes = (await output.Body?.transformToByteArray()) ?? new Uint8Array();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new S3AppError(
      'not-implemented',
      `"${nameOf(ref.key)}" cannot be edited here: it is not UTF-8 text.`,
      'Download it and edit it with an editor that knows its encoding.',
      { code: 'NotUtf8' },
    );
  }
  const etag = unquoteEtag(output.ETag);
  if (!etag) {
    // Without it a later save could not be checked against the opened version, and might overwrite another's.
    throw new S3AppError(
      'cors',
      `"${nameOf(ref.key)}" was not opened: this page cannot read its ETag, which keeps a save from overwriting someone else\u2019s.`,
      'Add "ETag" to ExposeHeaders in the bucket\u2019s CORS rule (see the README), then try again.',
      { code: 'ETagNotExposed' },
    );
  }
  return { text, etag };
}

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
