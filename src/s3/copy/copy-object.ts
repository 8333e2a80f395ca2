import { CopyObjectCommand, PutObjectAclCommand } from '@aws-sdk/client-s3';
import type { CallTarget, S3Session } from '../session';
import { readAnswerFast, valueOf } from '../list-xml';
import { parseS3ErrorXml } from '../error-xml';
import { s3AnswerError, S3AppError } from '../errors';
import { unquoteEtag } from '../upload/xhr-send';
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
} from './source-object';
import { copyTuning, type CopyTuning } from './tuning';
import { fitsSignedCopy, sendSignedCopy, type SignedCopy } from './signed-copy';

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
  /**
   * 'batch': a copy among many (a folder's keys), whose small requests go many per request through the app's
   * server when the connection may (S3Session.batchesRequests).
   */
  via?: CallTarget['via'];
  /** The same copy signed ahead (see signed-copy.ts): used when it still fits, sent without SDK work. */
  signed?: SignedCopy;
  /** The source's public-read grant, read already (readSignedAcl); undefined there: read here. */
  publicRead?: Promise<boolean | undefined>;
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
 * (S3 never copies an ACL). It resolves only once the copy is verified: the server copied the exact version that
 * was listed (or read) and reports the copy with its ETag.
 */
export async function copyObject(request: CopyObjectRequest): Promise<CopyOutcome> {
  const { session, destination, signal, expected } = request;
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
  // A listing gave ETag and size: the copy's condition checks them, no need to read the source first.
  const listed =
    expected?.etag && expected.size !== undefined
      ? { ...request.source, etag: unquoteEtag(expected.etag)!, size: expected.size }
      : undefined;
  if (listed && listed.size <= tuning.multipartThreshold) {
    return copyWhole(request, listed);
  }
  const source = await headSource(session, request.source, signal);
  checkExpected(source, expected);
  if (source.size <= tuning.multipartThreshold) return copyWhole(request, source);

  const publicRead = await isPublicRead(session, source, signal);
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

type Listed = ObjectRef & { etag: string; size: number };

/**
 * One CopyObject, on condition that the source still has the ETag it was listed or read with. The metadata
 * directive stays COPY: with it the server keeps every stored header and the tags (RGW ties tags to the metadata
 * directive; REPLACE would drop them and ignore x-amz-tagging). The source's ACL is read meanwhile; a public-read
 * grant is put on the copy once it exists.
 */
async function copyWhole(request: CopyObjectRequest, source: Listed): Promise<CopyOutcome> {
  const { session, destination, signal, via } = request;
  const copy = via === 'batch' && session.batchesRequests ? copyBatched : copyWithSdk;
  const sendCopy = () => copy(session, source, destination, signal, via);
  const signed = fitsSignedCopy(request.signed, source, destination) ? request.signed : undefined;
  const copying = (
    signed
      ? sendSignedCopy(session, signed, signal).then((xml) => {
          const answer = xml === undefined ? undefined : parseCopyObjectResult(xml);
          return answer ? answer.etag : sendCopy();
        })
      : sendCopy()
  ).catch((error: unknown) => {
    throw isPreconditionFailure(error) ? sourceChanged(source.key, 'PreconditionFailed') : error;
  });
  // Promise.all listens to both: a failed ACL read leaves no unhandled copy failure behind.
  const readAcl = () => isPublicRead(session, source, signal, via);
  const publicReading = request.publicRead
    ? request.publicRead.then((known) => known ?? readAcl())
    : readAcl();
  const [publicRead, answered] = await Promise.all([publicReading, copying]);
  const destinationEtag = await verifyWholeCopy(session, source, destination, unquoteEtag(answered), signal);
  if (publicRead) {
    await session.send(
      new PutObjectAclCommand({ Bucket: destination.bucket, Key: destination.key, ACL: 'public-read' }),
      { ...destination, signal, via },
    );
  }
  request.onProgress?.(source.size);
  return { size: source.size, sourceEtag: source.etag, destinationEtag };
}

/** One CopyObject through the SDK; the copy's ETag as the server answered it. */
async function copyWithSdk(
  session: S3Session,
  source: Listed,
  destination: ObjectRef,
  signal?: AbortSignal,
  via?: CallTarget['via'],
): Promise<string | undefined> {
  const command = new CopyObjectCommand({
    Bucket: destination.bucket,
    Key: destination.key,
    CopySource: encodeCopySource(source.bucket, source.key),
  });
  requireSourceEtag(command, source.etag);
  const fast = readAnswerFast(command, parseCopyObjectResult, EMPTY_COPY_RESULT, 'after-s3-checks');
  const output = await session.send(command, { ...destination, signal, via });
  return fast.result()?.etag ?? output.CopyObjectResult?.ETag;
}

/**
 * The same CopyObject signed by the session and sent in a request batch, without an SDK command: a folder's copies
 * cost the page a few string operations each. The condition goes under both names, as requireSourceEtag sends it.
 */
async function copyBatched(
  session: S3Session,
  source: Listed,
  destination: ObjectRef,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const condition = `"${source.etag}"`;
  const answer = await session.sendBatched(
    {
      method: 'PUT',
      bucket: destination.bucket,
      key: destination.key,
      headers: {
        'x-amz-copy-source': encodeCopySource(source.bucket, source.key),
        'x-amz-copy-source-if-match': condition,
        'x-amz-copy-if-match': condition,
      },
    },
    { ...destination, signal },
  );
  const result = parseCopyObjectResult(answer.body);
  // S3 may answer a copy with 200 and an error document: the copy did not happen.
  if (!result)
    throw session.toAppError(s3AnswerError(answer.status, parseS3ErrorXml(answer.body)), destination);
  return result.etag;
}

/** What the SDK is handed once a CopyObject answer is read: nothing, so it starts no XML parser. */
const EMPTY_COPY_RESULT = new Uint8Array(0);

/**
 * Reads a CopyObject answer (CopyObjectResult) by scanning for its ETag, as acl-xml.ts reads an ACL: a folder's
 * copy reads one per key, and the SDK's general XML path cost the page more than the rest of the request.
 * Undefined for anything else (an error sent with status 200 included): the SDK then reads it as it would have.
 */
export function parseCopyObjectResult(xml: string): { etag?: string } | undefined {
  if (!xml.includes('<CopyObjectResult') || !xml.trimEnd().endsWith('</CopyObjectResult>')) return undefined;
  return { etag: valueOf(xml, 'ETag', 0, xml.length) };
}

/**
 * A whole-object copy keeps the source's ETag (multipart ones too): the answer must name it. A server that answers
 * without one is asked with a HEAD.
 */
async function verifyWholeCopy(
  session: S3Session,
  source: Listed,
  destination: ObjectRef,
  answered: string | undefined,
  signal?: AbortSignal,
): Promise<string> {
  if (answered) {
    if (answered !== source.etag) throw copyMismatch(source.key, 'another ETag');
    return answered;
  }
  const copied = await headSource(session, destination, signal);
  if (copied.size !== source.size) {
    throw copyMismatch(source.key, `${copied.size} bytes instead of ${source.size}`);
  }
  if (copied.etag !== source.etag) throw copyMismatch(source.key, 'another ETag');
  return copied.etag;
}
