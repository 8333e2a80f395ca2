import { CopyObjectCommand, GetObjectAclCommand } from '@aws-sdk/client-s3';
import type { CopyObjectCommandInput, CopyObjectCommandOutput } from '@aws-sdk/client-s3';
import { buildQueryString } from '@smithy/core/protocols';
import type { DeserializeMiddleware } from '@smithy/types';
import { describeAcl } from '../acl';
import { parseAccessControlPolicy } from '../acl-xml';
import type { S3Session } from '../session';
import { unquoteEtag } from '../upload/xhr-send';
import { requireSourceEtag } from './copy-condition';
import { encodeCopySource } from './keys';
import type { ObjectRef } from './source-object';

/**
 * A signature with a fixed date is accepted for 15 minutes (S3 and RGW allow that much clock skew); one is used only
 * while far from that, and signed again after.
 */
export const SIGNED_COPY_USE_MS = 10 * 60 * 1000;
const SIGNED_COPY_VALID_SECONDS = 15 * 60;

/** A CopyObject request built and signed before it is needed (see signCopy): the click only sends it. */
export interface SignedCopy {
  source: ObjectRef & { etag: string };
  destination: ObjectRef;
  url: string;
  method: string;
  headers: Record<string, string>;
  /**
   * The source's ACL read (GetObjectAcl), presigned with the copy: it leaves with the overwrite check, so the copy
   * then runs alone on the server (an ACL read during a large copy slows the copy on RGW).
   */
  aclUrl: string;
  signedAt: number;
}

/** Stops a command once it is signed, carrying the request it would have sent. */
class Captured extends Error {
  constructor(
    readonly request: { method: string; url: string; path: string; headers: Record<string, string> },
  ) {
    super('captured');
    this.name = 'S3fmCapturedRequest';
  }
}

/**
 * Builds and signs the CopyObject of one listed file ahead (a dialog does it while the person picks the
 * destination), so the copy leaves the moment the overwrite check answers, with no SDK work in between. The
 * signature stays in headers: RGW reads `x-amz-copy-source` only as a header, and a URL without a signature in its
 * query keeps the browser's cached CORS preflight.
 */
export async function signCopy(
  session: S3Session,
  source: ObjectRef & { etag: string },
  destination: ObjectRef,
): Promise<SignedCopy | undefined> {
  const etag = unquoteEtag(source.etag) ?? source.etag;
  const command = new CopyObjectCommand({
    Bucket: destination.bucket,
    Key: destination.key,
    CopySource: encodeCopySource(source.bucket, source.key),
  });
  requireSourceEtag(command, etag);
  // Innermost, right before the request handler: the request exactly as it would leave, signature included.
  const capture: DeserializeMiddleware<CopyObjectCommandInput, CopyObjectCommandOutput> = () => (args) => {
    const request = args.request as {
      method: string;
      protocol: string;
      hostname: string;
      port?: number;
      path: string;
      query?: Record<string, string | string[] | null>;
      headers: Record<string, string>;
    };
    const query = buildQueryString(request.query ?? {});
    const origin = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
    const url = `${origin}${request.path}${query ? `?${query}` : ''}`;
    const headers = { ...request.headers };
    delete headers.host;
    throw new Captured({ method: request.method, url, path: request.path, headers });
  };
  command.middlewareStack.add(capture, { step: 'deserialize', priority: 'low', name: 's3fmCaptureSigned' });
  const signedAt = Date.now();
  const aclUrl = await session.presign(new GetObjectAclCommand({ Bucket: source.bucket, Key: source.key }), {
    expiresIn: SIGNED_COPY_VALID_SECONDS,
  });
  try {
    await session.directClient.send(command);
  } catch (error) {
    if (!(error instanceof Captured)) throw error;
    const { method, url, path, headers } = error.request;
    // A browser rewrites `.` and `..` segments of a URL's path: such keys go by the SDK and the relay.
    if (new URL(url).pathname !== path) return undefined;
    return { source: { ...source, etag }, destination, method, url, headers, aclUrl, signedAt };
  }
  throw new Error('The copy request was sent instead of signed.');
}

/** Whether `signed` is the copy asked for now, and still fresh. */
export function fitsSignedCopy(
  signed: SignedCopy | undefined,
  source: ObjectRef & { etag: string },
  destination: ObjectRef,
): signed is SignedCopy {
  return (
    !!signed &&
    Date.now() - signed.signedAt < SIGNED_COPY_USE_MS &&
    !source.versionId &&
    signed.source.bucket === source.bucket &&
    signed.source.key === source.key &&
    signed.source.etag === unquoteEtag(source.etag) &&
    signed.destination.bucket === destination.bucket &&
    signed.destination.key === destination.key
  );
}

/**
 * Sends a copy signed ahead, routed like the bucket's other calls; resolves with the copy's answer (the
 * CopyObjectResult XML). A 412 (the source changed) is thrown as the S3 error it is; any other failure resolves
 * undefined, and the caller copies the usual way (signed anew, retried, its errors explained): a copy made twice
 * writes the same bytes, on the same condition.
 */
export async function sendSignedCopy(
  session: S3Session,
  signed: SignedCopy,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const { bucket } = signed.destination;
  let response: Response;
  try {
    response = await session.fetchSigned(bucket, signed.url, {
      method: signed.method,
      headers: signed.headers,
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
  if (response.status === 412) throw await session.answerError(response, signed.destination);
  if (!response.ok) return undefined;
  return response.text().catch(() => undefined);
}

/**
 * Whether the source of a copy signed ahead grants public read, with its ACL read signed ahead; undefined when that
 * read got no readable answer (the copy then reads the ACL the usual way, with its retries and messages).
 */
export async function readSignedAcl(
  session: S3Session,
  signed: SignedCopy,
  signal?: AbortSignal,
): Promise<boolean | undefined> {
  try {
    const response = await session.fetchSigned(signed.source.bucket, signed.aclUrl, { signal });
    const read = response.ok ? parseAccessControlPolicy(await response.text()) : undefined;
    return read && describeAcl(read.owner, read.grants).publicRead;
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}
