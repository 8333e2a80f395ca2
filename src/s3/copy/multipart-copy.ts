import { CompleteMultipartUploadCommand, UploadPartCopyCommand } from '@aws-sdk/client-s3';
import type { S3Session } from '../session';
import { abortMultipart } from '../upload/multipart';
import { partRange } from '../upload/part-plan';
import { withRetries } from '../upload/retry';
import { unquoteEtag } from '../upload/xhr-send';
import { requireSourceEtag } from './copy-condition';
import { encodeCopySource } from './keys';
import {
  copyMismatch,
  headSource,
  isPreconditionFailure,
  readTags,
  sourceChanged,
  startMultipart,
  writeTags,
  type ObjectRef,
  type SourceObject,
} from './source-object';
import type { CopyTuning } from './tuning';

export interface MultipartCopy {
  session: S3Session;
  source: SourceObject;
  destination: ObjectRef;
  publicRead: boolean;
  tuning: CopyTuning;
  signal?: AbortSignal;
  onProgress?: (bytesDone: number) => void;
}

type Part = { PartNumber: number; ETag: string };

/**
 * A large object copied server-side in UploadPartCopy ranges, several at a time. RGW 16 ignores every source
 * condition on UploadPartCopy, so the source is read again once all parts are copied: if its ETag moved, the parts
 * may mix two versions and the upload is dropped. The assembled object is checked (size, part count) before its
 * tags are written (RGW drops x-amz-tagging on CreateMultipartUpload). Any failure aborts the upload on the server.
 * Returns the destination's ETag.
 */
export async function copyMultipart(copy: MultipartCopy): Promise<string> {
  const { session, source, destination, tuning, signal } = copy;
  const tags = await readTags(session, source, signal);
  const uploadId = await startMultipart(session, destination, source.headers, !!copy.publicRead);
  const upload = { ...destination, uploadId };
  try {
    const parts = await copyParts(copy, uploadId);
    const now = await headSource(session, source, signal);
    if (now.etag !== source.etag) throw sourceChanged(source.key);
    await session.send(
      new CompleteMultipartUploadCommand({
        Bucket: destination.bucket,
        Key: destination.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      { ...destination, signal },
    );
  } catch (error) {
    await abortMultipart(session, upload);
    throw error;
  }
  // RGW answers Complete with an empty ETag: read the object back.
  const copied = await headSource(session, destination, signal);
  const partCount = Math.ceil(source.size / tuning.partSize);
  checkAssembled(source, copied, partCount);
  await writeTags(session, destination, tags, signal);
  return copied.etag;
}

async function copyParts(copy: MultipartCopy, uploadId: string): Promise<Part[]> {
  const { session, source, destination, tuning, signal } = copy;
  const plan = { size: source.size, partSize: tuning.partSize };
  const partCount = Math.ceil(source.size / tuning.partSize);
  const parts: Part[] = [];
  let next = 1;
  let doneBytes = 0;

  const copyPart = async (partNumber: number) => {
    const { start, end } = partRange(plan, partNumber);
    const command = new UploadPartCopyCommand({
      Bucket: destination.bucket,
      Key: destination.key,
      UploadId: uploadId,
      PartNumber: partNumber,
      CopySource: encodeCopySource(source.bucket, source.key, source.versionId),
      CopySourceRange: `bytes=${start}-${end - 1}`,
    });
    // Servers that honour it refuse a changed source at once; RGW is caught by the check after the parts.
    requireSourceEtag(command, source.etag);
    const output = await withRetries(() => session.send(command, { ...destination, signal }), { signal });
    const etag = unquoteEtag(output.CopyPartResult?.ETag);
    if (!etag) throw copyMismatch(source.key, `part ${partNumber} came back without an ETag`);
    parts.push({ PartNumber: partNumber, ETag: etag });
    doneBytes += end - start;
    copy.onProgress?.(doneBytes);
  };

  // The first failure stops the other workers from taking new parts; the caller aborts the upload.
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next <= partCount && !failure) {
      const partNumber = next++;
      try {
        await copyPart(partNumber);
      } catch (error) {
        failure ??= { error: isPreconditionFailure(error) ? sourceChanged(source.key) : error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(tuning.partConcurrency, partCount) }, worker));
  if (failure) throw failure.error;
  return parts.sort((a, b) => a.PartNumber - b.PartNumber);
}

/** The assembled object must have the source's size and, when its ETag counts parts, the parts that were sent. */
function checkAssembled(source: SourceObject, copied: SourceObject, partCount: number): void {
  if (copied.size !== source.size) {
    throw copyMismatch(source.key, `${copied.size} bytes instead of ${source.size}`);
  }
  const counted = /-(\d+)$/.exec(copied.etag);
  if (counted && Number(counted[1]) !== partCount) {
    throw copyMismatch(source.key, `${counted[1]} parts assembled, ${partCount} copied`);
  }
}
