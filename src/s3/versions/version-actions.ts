import { CopyObjectCommand, DeleteObjectCommand, PutObjectAclCommand } from '@aws-sdk/client-s3';
import { getObjectAcl } from '../acl';
import { objectLocked, S3AppError } from '../errors';
import type { S3Session } from '../session';
import { encodeCopySource, nameOf } from '../copy/keys';
import { copyMultipart } from '../copy/multipart-copy';
import { headSource, isPublicRead } from '../copy/source-object';
import { copyTuning, type CopyTuning } from '../copy/tuning';
import { unquoteEtag } from '../upload/xhr-send';
import { lockReason, readVersionLock } from './object-lock';

export interface VersionRef {
  bucket: string;
  key: string;
  versionId: string;
}

/** The `x-amz-copy-source` of one version: the key's segments and the version id each encoded. */
export function encodeVersionSource(ref: VersionRef): string {
  return encodeCopySource(ref.bucket, ref.key, ref.versionId);
}

/**
 * Makes an older version the latest again by copying it onto its own key: a new version with its bytes, stored
 * headers, metadata and tags (the metadata directive stays COPY, which RGW ties tags to). Nothing is deleted:
 * the version that was latest stays in the history. A public-read grant on the version is put on the copy, as
 * the copy engine does (S3 never copies an ACL). A version above the copy threshold (CopyObject stops at 5 GiB)
 * goes in UploadPartCopy parts of that version, like any large copy. Resolves with the copy's ETag.
 */
export async function restoreVersion(
  session: S3Session,
  ref: VersionRef & { deleteMarker?: boolean; size?: number },
  signal?: AbortSignal,
  options: { tuning?: Partial<CopyTuning>; via?: 'batch' } = {},
): Promise<{ etag?: string }> {
  if (ref.deleteMarker) {
    throw new S3AppError(
      'invalid-destination',
      `That entry of "${nameOf(ref.key) || ref.key}" is a delete marker: it holds nothing to restore.`,
      'Pick a version with a size, or use Undelete to remove the marker.',
      { code: 'DeleteMarker' },
    );
  }
  const tuning = copyTuning(options.tuning);
  const source = { bucket: ref.bucket, key: ref.key, versionId: ref.versionId };
  if (ref.size === undefined || ref.size > tuning.multipartThreshold) {
    const head = await headSource(session, source, signal);
    if (head.size > tuning.multipartThreshold) {
      const publicRead = await isPublicRead(session, source, signal);
      const destination = { bucket: ref.bucket, key: ref.key };
      return {
        etag: await copyMultipart({ session, source: head, destination, publicRead, tuning, signal }),
      };
    }
  }
  // A small copy may share a request batch (see S3Session.batchesRequests); a large one goes on its own.
  const { via } = options;
  const target = { bucket: ref.bucket, key: ref.key, signal, via };
  const copying = session.send(
    new CopyObjectCommand({ Bucket: ref.bucket, Key: ref.key, CopySource: encodeVersionSource(ref) }),
    target,
  );
  // Promise.all listens to both: a failed ACL read leaves no unhandled copy failure behind.
  const [acl, output] = await Promise.all([
    getObjectAcl(session, ref.bucket, ref.key, signal, ref.versionId, via),
    copying,
  ]);
  if (acl.supported && acl.publicRead) {
    await session.send(
      new PutObjectAclCommand({ Bucket: ref.bucket, Key: ref.key, ACL: 'public-read' }),
      target,
    );
  }
  return { etag: unquoteEtag(output.CopyObjectResult?.ETag) };
}

/**
 * Deletes one version for good (or one delete marker). A refusal by object lock says why: the retention date
 * and mode, or the legal hold, as read from the version.
 */
export async function deleteVersion(
  session: S3Session,
  ref: VersionRef,
  signal?: AbortSignal,
): Promise<void> {
  const target = { bucket: ref.bucket, key: ref.key, signal };
  try {
    await session.send(
      new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
      target,
    );
  } catch (error) {
    if (!(error instanceof S3AppError) || !/^(access-denied|object-locked)$/.test(error.kind)) throw error;
    const why = await readVersionLock(session, ref, signal).then(lockReason, () => undefined);
    if (why) throw objectLocked(ref.key, error, why);
    throw error;
  }
}
