import {
  CompleteMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  type Tag,
} from '@aws-sdk/client-s3';
import type { S3Session } from '../session';
import { abortMultipart } from '../upload/multipart';
import { partRange } from '../upload/part-plan';
import { presignUploadPart } from '../upload/presign';
import { withRetries } from '../upload/retry';
import { unquoteEtag, xhrSend, type BlobSender } from '../upload/xhr-send';
import type { CopyOutcome } from './copy-object';
import { checkDestinationKey } from './keys';
import {
  checkExpected,
  copyCancelled,
  copyMismatch,
  headersInput,
  headSource,
  isPreconditionFailure,
  isPublicRead,
  readTags,
  sourceChanged,
  startMultipart,
  tagQuery,
  writeTags,
  type ExpectedSource,
  type ObjectRef,
  type SourceObject,
} from './source-object';
import { copyTuning, type CopyTuning } from './tuning';

/** A part's read link is used at once; an hour leaves room for retries on a slow link. */
const READ_LINK_SECONDS = 3600;

export interface StreamCopyRequest {
  /** Reads the source. */
  from: S3Session;
  /** Writes the destination: another endpoint or other keys. */
  to: S3Session;
  source: ObjectRef;
  destination: ObjectRef;
  expected?: ExpectedSource;
  signal?: AbortSignal;
  /** Bytes stored at the destination so far. */
  onProgress?: (bytesDone: number) => void;
  tuning?: Partial<CopyTuning>;
  /** Sends the parts: XMLHttpRequest in the page (the upload engine's); tests in Node hand in fetch. */
  send?: BlobSender;
}

/**
 * Copies one object between two connections: up to `streamPartSize`, one GET then one PUT; above, multipart parts
 * of that size, each read with a ranged GET and sent, never the whole object held. Headers, metadata, tags and a public-read grant are written with it, and the
 * destination is read back and compared before this resolves.
 */
export async function streamCopy(request: StreamCopyRequest): Promise<CopyOutcome> {
  const { from, source: ref, destination, signal } = request;
  checkDestinationKey(destination.key, ref.key);
  const tuning = copyTuning(request.tuning);
  const source = await headSource(from, ref, signal);
  checkExpected(source, request.expected);
  const whole = source.size <= tuning.streamPartSize;
  // The ACL, the tags and the bytes are asked for at once: each is a round trip the copy would otherwise wait for.
  const opening = whole ? openSource(from, source, signal) : undefined;
  const [publicRead, tags, body] = await Promise.all([
    isPublicRead(from, source, signal),
    readTags(from, source, signal),
    opening,
  ]).catch((error: unknown) => {
    // Nothing will read the download: stop it (a failed one has nothing to stop).
    void opening?.then((stream) => stream.cancel()).catch(() => undefined);
    throw error;
  });

  const write = { ...request, source, tags, publicRead, tuning };
  const destinationEtag = body ? await putWhole(write, body) : await putInParts(write);
  return { size: source.size, sourceEtag: source.etag, destinationEtag };
}

interface Write extends StreamCopyRequest {
  source: SourceObject;
  tags: Tag[];
  publicRead: boolean;
  tuning: CopyTuning;
}

/** The source's bytes, only if they are still the version that was read: a changed ETag is refused. */
async function openSource(
  session: S3Session,
  source: SourceObject,
  signal?: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  let output;
  try {
    output = await session.send(
      new GetObjectCommand({ Bucket: source.bucket, Key: source.key, IfMatch: `"${source.etag}"` }),
      { bucket: source.bucket, key: source.key, signal },
    );
  } catch (error) {
    if (isPreconditionFailure(error)) throw sourceChanged(source.key, 'PreconditionFailed');
    throw error;
  }
  const stream = output.Body?.transformToWebStream() as ReadableStream<Uint8Array> | undefined;
  if (unquoteEtag(output.ETag) !== source.etag || output.ContentLength !== source.size) {
    await stream?.cancel().catch(() => undefined);
    throw sourceChanged(source.key);
  }
  return stream ?? new Blob([]).stream();
}

/** Up to one part: read, then one PutObject with everything that goes with the object. */
async function putWhole(write: Write, body: ReadableStream<Uint8Array>): Promise<string> {
  const { to, source, destination, signal } = write;
  const bytes = new Uint8Array(await new Response(body).arrayBuffer());
  if (bytes.length !== source.size)
    throw copyMismatch(source.key, `read ${bytes.length} of ${source.size} bytes`);
  await to.send(
    new PutObjectCommand({
      Bucket: destination.bucket,
      Key: destination.key,
      Body: bytes,
      ContentLength: bytes.length,
      ...headersInput(source.headers),
      ACL: write.publicRead ? 'public-read' : undefined,
      Tagging: write.tags.length ? tagQuery(write.tags) : undefined,
    }),
    { ...destination, signal },
  );
  write.onProgress?.(bytes.length);
  return verifyStored(write, 1);
}

/**
 * Each part is read with a ranged GET of its own (on condition of the source's ETag) as a Blob, which the browser
 * keeps out of the page's JS heap, and sent like an upload's part: reads and sends of `partConcurrency` parts
 * overlap, and at most that many parts are held. A failure or cancel aborts the upload.
 */
async function putInParts(write: Write): Promise<string> {
  const { from, to, source, destination, signal, tuning } = write;
  const send = write.send ?? xhrSend;
  const uploadId = await startMultipart(to, destination, source.headers, !!write.publicRead);
  // Parts stop together: on cancel, or when one fails for good.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const done: Array<{ PartNumber: number; ETag: string }> = [];
  const loaded = new Map<number, number>();
  const report = () => write.onProgress?.([...loaded.values()].reduce((sum, bytes) => sum + bytes, 0));

  // Signed for the real endpoint and routed by the destination's session, like its other calls (direct or relay).
  const sendPart = async (partNumber: number, part: Blob) => {
    const attempt = async () => {
      const url = await presignUploadPart(to, { ...destination, uploadId, partNumber });
      const request = {
        url,
        body: part,
        signal: stop.signal,
        requireEtag: true,
        onProgress: (bytes: number) => {
          loaded.set(partNumber, bytes);
          report();
        },
      };
      return to.sendSigned(destination.bucket, request, send);
    };
    let response;
    try {
      response = await withRetries(attempt, { signal: stop.signal });
    } catch (error) {
      // The retries read the sender's raw failures; the last one is the destination's to explain.
      throw stop.signal.aborted ? error : await to.explain(error, destination);
    }
    loaded.set(partNumber, part.size);
    report();
    done.push({ PartNumber: partNumber, ETag: response.etag! });
  };

  const readPart = async (partNumber: number) => {
    const { start, end } = partRange({ size: source.size, partSize: tuning.streamPartSize }, partNumber);
    const attempt = async () => {
      const url = await from.presign(new GetObjectCommand({ Bucket: source.bucket, Key: source.key }), {
        expiresIn: READ_LINK_SECONDS,
      });
      const response = await from.fetchSigned(source.bucket, url, {
        headers: { Range: `bytes=${start}-${end - 1}`, 'If-Match': `"${source.etag}"` },
        signal: stop.signal,
      });
      if (response.status === 412) throw sourceChanged(source.key, 'PreconditionFailed');
      if (!response.ok) throw await from.answerError(response, source);
      return response.blob();
    };
    const part = await withRetries(attempt, { signal: stop.signal });
    if (part.size !== end - start) {
      throw copyMismatch(source.key, `read ${part.size} of ${end - start} bytes of part ${partNumber}`);
    }
    return part;
  };

  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const partCount = Math.ceil(source.size / tuning.streamPartSize);
  try {
    for (let partNumber = 1; partNumber <= partCount; partNumber++) {
      if (failure || stop.signal.aborted) break;
      const sending: Promise<void> = readPart(partNumber)
        .then((part) => sendPart(partNumber, part))
        .catch((error: unknown) => {
          failure ??= { error };
          stop.abort();
        })
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      if (inFlight.size >= tuning.partConcurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure && !signal?.aborted) throw failure.error;
    signal?.throwIfAborted();
    await to.send(
      new CompleteMultipartUploadCommand({
        Bucket: destination.bucket,
        Key: destination.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: done.sort((a, b) => a.PartNumber - b.PartNumber) },
      }),
      { ...destination, signal },
    );
  } catch (error) {
    stop.abort();
    await Promise.all(inFlight);
    await abortMultipart(to, { ...destination, uploadId });
    throw signal?.aborted ? copyCancelled() : error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  await writeTags(to, destination, write.tags, signal);
  return verifyStored(write, partCount);
}

/**
 * Read back: the size must match; a one-part copy of a one-part source has the same ETag (both are the MD5 of the
 * bytes), a multipart one must count the parts sent.
 */
async function verifyStored(write: Write, partCount: number): Promise<string> {
  const { source } = write;
  const stored = await headSource(write.to, write.destination, write.signal);
  if (stored.size !== source.size) {
    throw copyMismatch(source.key, `${stored.size} bytes instead of ${source.size}`);
  }
  const plainMd5 = (etag: string) => /^[0-9a-f]{32}$/.test(etag);
  if (partCount === 1 && plainMd5(source.etag) && plainMd5(stored.etag) && stored.etag !== source.etag) {
    throw copyMismatch(source.key, 'another ETag');
  }
  const counted = /-(\d+)$/.exec(stored.etag);
  if (partCount > 1 && counted && Number(counted[1]) !== partCount) {
    throw copyMismatch(source.key, `${counted[1]} parts assembled, ${partCount} sent`);
  }
  return stored.etag;
}
