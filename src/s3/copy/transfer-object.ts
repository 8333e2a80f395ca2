import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import type { S3Session } from '../session';
import { copyObject, type CopyObjectRequest, type CopyOutcome } from './copy-object';
import { streamCopy, type StreamCopyRequest } from './stream-copy';

/** What to copy from where to where; the server copies by itself when it can (see streamCopy for the fields). */
export type TransferRequest = StreamCopyRequest & Pick<CopyObjectRequest, 'via' | 'signed' | 'publicRead'>;

/** The same endpoint and keys: the server can copy by itself, no byte passes through the page. */
export function sameConnection(from: S3Session, to: S3Session): boolean {
  return (
    from === to || (from.profile.endpoint === to.profile.endpoint && from.accessKeyId === to.accessKeyId)
  );
}

/** Copies one object, server-side within a connection, streamed through the page across connections. */
export function transferObject(request: TransferRequest): Promise<CopyOutcome> {
  const { from, to } = request;
  if (sameConnection(from, to)) return copyObject({ ...request, session: from });
  return streamCopy(request);
}

/**
 * Move = copy, verify, then delete the source: at every moment the object exists at its source, its destination
 * or both, with the same bytes. Folders and many keys go through a TransferJob, which batches the deletes.
 */
export async function moveObject(request: TransferRequest): Promise<CopyOutcome> {
  const outcome = await transferObject(request);
  const { source, signal } = request;
  await request.from.send(new DeleteObjectCommand({ Bucket: source.bucket, Key: source.key }), {
    ...source,
    signal,
  });
  return outcome;
}
