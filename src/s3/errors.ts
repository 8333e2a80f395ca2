import { RelayErrorCode } from './relay-protocol';

/**
 * Every S3 failure becomes an S3AppError: a sentence a person understands (`message`), what to do next (`hint`),
 * and the raw code for a details line. Nothing here ever includes a secret: messages are built from codes and
 * endpoint names only, never from request headers.
 */
export type S3ErrorKind =
  | 'invalid-endpoint'
  | 'unreachable'
  | 'cors'
  | 'invalid-access-key'
  | 'signature-mismatch'
  | 'clock-skew'
  | 'wrong-region'
  | 'access-denied'
  | 'no-such-bucket'
  | 'no-such-key'
  | 'bucket-not-empty'
  | 'bucket-exists'
  | 'invalid-bucket-name'
  | 'not-s3'
  | 'not-implemented'
  | 'relay-refused'
  | 'server-error'
  | 'aborted'
  | 'file-unreadable'
  | 'key-too-long'
  | 'too-large'
  | 'source-changed'
  | 'copy-mismatch'
  | 'invalid-destination'
  | 'invalid-source'
  | 'invalid-headers'
  | 'object-locked'
  | 'quota-exceeded'
  | 'invalid-lifecycle'
  | 'unknown';

export class S3AppError extends Error {
  readonly kind: S3ErrorKind;
  readonly hint: string;
  /** The server's error code (or the network error's name), shown in a details line. */
  readonly code: string;
  readonly status?: number;
  readonly requestId?: string;

  constructor(
    kind: S3ErrorKind,
    message: string,
    hint: string,
    details: { code: string; status?: number; requestId?: string },
  ) {
    super(message);
    this.name = 'S3AppError';
    this.kind = kind;
    this.hint = hint;
    this.code = details.code;
    this.status = details.status;
    this.requestId = details.requestId;
  }

  /** One line for a details disclosure: code, HTTP status, request id. */
  get details(): string {
    return [this.code, this.status && `HTTP ${this.status}`, this.requestId && `request ${this.requestId}`]
      .filter(Boolean)
      .join(' · ');
  }
}

/** Where the failing call was going, to make messages concrete. */
export interface ErrorContext {
  endpoint: string;
  /** The region requests are signed for: named next to the right one when the server says it is wrong. */
  region?: string;
  bucket?: string;
  key?: string;
}

interface SdkLikeError {
  name?: string;
  Code?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { headers?: Record<string, string> };
  cause?: { code?: string };
  /** AWS's error body names the right region (AuthorizationHeaderMalformed) or endpoint (PermanentRedirect). */
  Region?: string;
  Endpoint?: string;
}

/** True for failures where no HTTP answer was read at all (fetch's TypeError, Node's socket errors). */
export function isNetworkFailure(error: unknown): boolean {
  const e = error as SdkLikeError;
  if (!e || typeof e !== 'object') return false;
  if (e.$metadata?.httpStatusCode) return false;
  if (error instanceof TypeError) return true;
  const code = e.code ?? e.cause?.code ?? '';
  return /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE)$/.test(
    code,
  );
}

/**
 * A picked or dropped File is a handle to the file on disk, read as it is sent. If the file is deleted, moved or
 * changed meanwhile, the browser fails the request like a network error (Chromium: net::ERR_FILE_NOT_FOUND,
 * ERR_UPLOAD_FILE_CHANGED), which would read as a dead server or CORS. Reading one byte tells them apart.
 * Null when the body can still be read (the failure was the network's).
 */
export async function unreadableFileError(body: Blob): Promise<S3AppError | null> {
  try {
    await body.slice(0, 1).arrayBuffer();
    return null;
  } catch (error) {
    const name = (error as { name?: string })?.name || 'NotReadableError';
    return new S3AppError(
      'file-unreadable',
      'The file could not be read from this computer any more: it was deleted, moved or changed while it was being uploaded.',
      'Nothing was stored. If the file still exists, drop or pick it again to upload it (Retry would send the old, unreadable copy).',
      { code: name },
    );
  }
}

/**
 * An S3 error answer read outside the SDK (by fetch or XMLHttpRequest), in the shape the SDK throws: an Error
 * named after its `<Code>`, with `$metadata.httpStatusCode`. `toS3AppError` and the upload retries read it so.
 */
export function s3AnswerError(
  status: number,
  fields: { code?: string; message?: string; requestId?: string },
) {
  const code = fields.code || (status >= 500 ? 'ServerError' : `Http${status}`);
  const message = fields.message || `The server answered HTTP ${status}.`;
  return Object.assign(new Error(message), {
    name: code,
    Code: code,
    $metadata: { httpStatusCode: status, requestId: fields.requestId || undefined },
  });
}

const knownCode = (code: string) => code && !/^(Unknown|UnknownError|Error)$/.test(code);

/**
 * Maps an SDK or network error to an S3AppError. `networkVerdict` says what a probe found for network failures
 * (browsers hide whether a failed fetch was CORS or a dead host; see `probeEndpoint`).
 */
export function toS3AppError(
  error: unknown,
  context: ErrorContext,
  networkVerdict: 'cors' | 'unreachable' = 'unreachable',
): S3AppError {
  if (error instanceof S3AppError) return error;
  const e = (error ?? {}) as SdkLikeError;
  const status = e.$metadata?.httpStatusCode;
  const requestId = e.$metadata?.requestId;
  const code = e.Code ?? e.name ?? 'Error';
  const details = { code, status, requestId };
  const where = context.bucket ? `bucket "${context.bucket}"` : context.endpoint;

  if (code === 'AbortError' || code === 'TimeoutError') {
    return new S3AppError(
      'aborted',
      'The request was cancelled.',
      'Start it again when you are ready.',
      details,
    );
  }
  if (isNetworkFailure(error)) {
    if (networkVerdict === 'cors') {
      return new S3AppError(
        'cors',
        `${context.endpoint} answered, but its CORS rules do not let this page call ${where}.`,
        'Add a CORS rule for this app\u2019s origin to the bucket, or connect through the app\u2019s relay.',
        { code: 'CORS', status },
      );
    }
    return new S3AppError(
      'unreachable',
      `Could not reach ${context.endpoint}.`,
      'Check the address and port, that the server is running, and that this computer can reach it.',
      { code: e.cause?.code ?? e.code ?? 'NetworkError', status },
    );
  }

  const wrongRegion = wrongRegionError(e, code, context, details);
  if (wrongRegion) return wrongRegion;
  // S3 keys are at most 1024 bytes of UTF-8. A HEAD answer has no body to say so: its bare 400 would read as
  // "not an S3 server".
  const keyBytes = context.key === undefined ? 0 : new TextEncoder().encode(context.key).length;
  if (code === 'KeyTooLongError' || (status === 400 && keyBytes > 1024)) {
    return new S3AppError(
      'key-too-long',
      `The key is ${keyBytes > 1024 ? `${keyBytes} bytes` : 'too'} long; S3 allows 1024 bytes.`,
      'Use a shorter folder path or name.',
      details,
    );
  }

  const relayed = relayError(code, context, details);
  if (relayed) return relayed;

  // Object lock refuses as AccessDenied; only the message tells it apart from missing permissions.
  if (/^(AccessDenied|Forbidden)$/.test(code) && /object ?lock/i.test(e.message ?? '')) {
    return objectLocked(context.key, details);
  }

  switch (code) {
    case 'InvalidAccessKeyId':
      return new S3AppError(
        'invalid-access-key',
        'The server does not know this access key.',
        'Check the access key for typos, and that it belongs to this endpoint.',
        details,
      );
    case 'SignatureDoesNotMatch':
      return new S3AppError(
        'signature-mismatch',
        'The secret key does not match the access key.',
        'Check the secret key: copy it again, without spaces at either end.',
        details,
      );
    case 'RequestTimeTooSkewed':
      return new S3AppError(
        'clock-skew',
        'This computer\u2019s clock differs too much from the server\u2019s.',
        'Set the clock to the right time (enable automatic time), then try again.',
        details,
      );
    case 'AccessDenied':
    case 'Forbidden':
    case 'AllAccessDisabled':
      return new S3AppError(
        'access-denied',
        `Access denied to ${context.key ? `"${context.key}" in ` : ''}${where}.`,
        'These keys lack the permission for this action. Ask the owner for access, or use other keys.',
        details,
      );
    // RGW's user or bucket quota (AWS has none); "try again" would not help, so it is said apart from the unknown.
    case 'QuotaExceeded':
      return new S3AppError(
        'quota-exceeded',
        `No room for ${context.key ? `"${context.key}" in ` : ''}${where}: its storage quota (or its owner's) is used up.`,
        'Delete what is no longer needed there, or ask whoever runs the server to raise the quota.',
        details,
      );
    case 'NoSuchBucket':
      return new S3AppError(
        'no-such-bucket',
        `There is no bucket named "${context.bucket ?? ''}" on ${context.endpoint}.`,
        'Check the name (bucket names are case-sensitive), or pick one from the bucket list.',
        details,
      );
    case 'NoSuchKey':
    case 'NotFound':
      return new S3AppError(
        'no-such-key',
        context.key ? `"${context.key}" does not exist (any more).` : 'Not found.',
        'It may have been deleted or renamed elsewhere. Refresh the listing.',
        details,
      );
    case 'BucketNotEmpty':
      return new S3AppError(
        'bucket-not-empty',
        `Bucket "${context.bucket ?? ''}" is not empty.`,
        'Delete its objects first, or use forced delete to remove everything in it.',
        details,
      );
    case 'BucketAlreadyExists':
    case 'BucketAlreadyOwnedByYou':
      return new S3AppError(
        'bucket-exists',
        `A bucket named "${context.bucket ?? ''}" already exists.`,
        'Bucket names are shared by all users of the server: choose another name.',
        details,
      );
    case 'InvalidBucketName':
      return new S3AppError(
        'invalid-bucket-name',
        `"${context.bucket ?? ''}" is not a valid bucket name.`,
        'Use 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.',
        details,
      );
    case 'NotImplemented':
      return new S3AppError(
        'not-implemented',
        `${context.endpoint} does not support this operation.`,
        'This S3-compatible server lacks the feature; the rest of the app keeps working.',
        details,
      );
    case 'SlowDown':
    case 'ServiceUnavailable':
    case 'InternalError':
      return new S3AppError(
        'server-error',
        `${context.endpoint} had a problem (${code}).`,
        'Wait a moment and try again.',
        details,
      );
  }

  if (code === 'NotS3') {
    return new S3AppError(
      'not-s3',
      `${context.endpoint} answered with a web page, not like an S3 server${status ? ` (HTTP ${status})` : ''}.`,
      'Check that the URL is the S3 API endpoint (not a web console or a website) and the port is right.',
      details,
    );
  }
  // No usable S3 error code: an HTML page, a proxy's error, or garbage where S3 XML was expected.
  const deserialization = /deseriali[sz]ation|not expected|unexpected|xml|parse/i.test(e.message ?? '');
  if (deserialization || (status && !knownCode(code))) {
    if (status && status >= 500 && !deserialization) {
      return new S3AppError(
        'server-error',
        `${context.endpoint} answered with an error (HTTP ${status}).`,
        'Wait a moment and try again; if it persists, check the server.',
        details,
      );
    }
    return new S3AppError(
      'not-s3',
      `${context.endpoint} answered, but not like an S3 server${status ? ` (HTTP ${status})` : ''}.`,
      'Check that the URL is the S3 API endpoint (not a web console or a website) and the port is right.',
      { ...details, code: knownCode(code) ? code : 'NotS3' },
    );
  }
  return new S3AppError(
    'unknown',
    `The request to ${where} failed: ${code}.`,
    'Try again; the details below may help whoever runs the server.',
    details,
  );
}

/**
 * A refusal made before any request that a retry would only repeat: the key itself must change (over 1024 bytes, or
 * a "." or ".." part a page cannot send, see checkReachableKey).
 */
export const refusedForGood = (error: S3AppError | undefined) =>
  error?.kind === 'key-too-long' || error?.code === 'DotSegment';

/** A delete or overwrite refused because the version is retained or under legal hold. */
export function objectLocked(
  key: string | undefined,
  details: { code: string; status?: number; requestId?: string },
  why = 'its object lock (a retention period or a legal hold) forbids it',
): S3AppError {
  return new S3AppError(
    'object-locked',
    `${key ? `"${key}"` : 'This version'} cannot be deleted: ${why}.`,
    'Wait until the retention period ends, or ask whoever manages the bucket to lift the legal hold; nothing was changed.',
    details,
  );
}

const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * The region AWS says the bucket or endpoint is in, from what it sends with a wrong-region answer: the
 * `x-amz-bucket-region` header (301 and HEAD answers; in direct mode only when CORS exposes it), the `<Region>` of
 * AuthorizationHeaderMalformed ("the region 'us-east-1' is wrong; expecting 'eu-west-1'"), or the regional
 * `<Endpoint>` of PermanentRedirect ("bucket.s3.eu-west-1.amazonaws.com"). RGW accepts any region, so only
 * AWS-like servers answer this way.
 */
export function expectedRegion(error: unknown): string | undefined {
  const e = (error ?? {}) as SdkLikeError;
  const headers = e.$response?.headers ?? {};
  const candidates = [
    headers['x-amz-bucket-region'],
    e.Region,
    /expecting '([^']+)'/.exec(e.message ?? '')?.[1],
    /(?:^|\.)s3[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(e.Endpoint ?? '')?.[1],
  ];
  return candidates.find((region) => typeof region === 'string' && REGION.test(region));
}

function wrongRegionError(
  e: SdkLikeError,
  code: string,
  context: ErrorContext,
  details: { code: string; status?: number; requestId?: string },
): S3AppError | null {
  const region = expectedRegion(e);
  const says =
    code === 'PermanentRedirect' ||
    code === 'IllegalLocationConstraintException' ||
    (code === 'AuthorizationHeaderMalformed' && (!!region || /region/i.test(e.message ?? ''))) ||
    (e.$metadata?.httpStatusCode === 301 && !!region);
  if (!says) return null;
  const subject = context.bucket ? `Bucket "${context.bucket}" is in` : `${context.endpoint} expects`;
  const ours = context.region ?? 'the one this connection signs for';
  const message = region
    ? `${subject} region ${region}, but this connection signs for ${context.region ?? 'another'}.`
    : `${subject} another region than ${ours}.`;
  // On AWS the endpoint names a region too: a regional endpoint of the wrong region must change with it.
  const awsRegional = /^https?:\/\/s3[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(context.endpoint);
  const endpointAdvice =
    region && awsRegional && awsRegional[1] !== region
      ? ` and endpoint https://s3.${region}.amazonaws.com`
      : '';
  const hint = region
    ? `Disconnect, then connect again with Region set to ${region}${endpointAdvice}.`
    : 'Ask the provider which region the bucket is in, then disconnect and connect again with that Region.';
  return new S3AppError('wrong-region', message, hint, details);
}

const RELAY_TROUBLE = 'If it keeps happening, tell whoever runs this app; the details below help them.';

/**
 * The app's own server answers in S3's error format with codes of its own (relay-protocol.ts); each says what
 * went wrong between this page, the server and the endpoint, and what the user can do about it.
 */
function relayError(
  code: string,
  context: ErrorContext,
  details: { code: string; status?: number; requestId?: string },
): S3AppError | null {
  switch (code as RelayErrorCode) {
    case RelayErrorCode.TargetNotAllowed:
      return new S3AppError(
        'relay-refused',
        `This app\u2019s relay is not allowed to forward to ${context.endpoint}.`,
        'Use direct mode, or ask whoever runs this app to add the endpoint to S3FM_RELAY_ALLOW.',
        details,
      );
    case RelayErrorCode.UpstreamUnreachable:
      return new S3AppError(
        'unreachable',
        `The app\u2019s relay could not reach ${context.endpoint}.`,
        'Check that the S3 server is running and reachable from the machine that serves this app.',
        details,
      );
    case RelayErrorCode.UpstreamTimeout:
      return new S3AppError(
        'unreachable',
        `${context.endpoint} stopped answering the app\u2019s relay.`,
        'Wait a moment and try again; if it persists, check that the S3 server is not overloaded or stuck.',
        details,
      );
    case RelayErrorCode.BadUpstreamResponse:
      return new S3AppError(
        'server-error',
        `${context.endpoint} sent the app\u2019s relay an answer that is not valid HTTP.`,
        'Check that the endpoint\u2019s scheme and port are those of the S3 API (http or https), then try again.',
        details,
      );
    case RelayErrorCode.BadRequest:
      return new S3AppError(
        'relay-refused',
        `The app\u2019s relay could not read this request.`,
        `Reload the page (this app may have been updated since it was opened), then try again. ${RELAY_TROUBLE}`,
        details,
      );
    case RelayErrorCode.HostNotAllowed:
      return new S3AppError(
        'relay-refused',
        `This app\u2019s server does not answer to the address this page was opened from.`,
        'Open the app at the address its operator gives, or ask them to add this host name to S3FM_HOSTS.',
        details,
      );
    case RelayErrorCode.CrossSite:
      return new S3AppError(
        'relay-refused',
        `This app\u2019s server refused a request that came from another site.`,
        'Use the app from its own address, not through a page of another site.',
        details,
      );
    case RelayErrorCode.Busy:
      return new S3AppError(
        'server-error',
        `This app\u2019s server is busy with other uploads.`,
        'Wait a moment and try again (uploads retry on their own).',
        details,
      );
    case RelayErrorCode.BodyTimeout:
      return new S3AppError(
        'unreachable',
        `The request stopped reaching this app\u2019s server before it was complete.`,
        'Check this computer\u2019s network connection, then try again.',
        details,
      );
    case RelayErrorCode.MethodNotAllowed:
      return new S3AppError(
        'not-implemented',
        `${context.endpoint} does not allow this kind of request here (MethodNotAllowed).`,
        `The server or a proxy in front of it refuses this operation; the rest of the app keeps working. ${RELAY_TROUBLE}`,
        details,
      );
    case RelayErrorCode.MissingContentLength:
      return new S3AppError(
        'relay-refused',
        'The request did not say how long it was, and the server needs to know.',
        `Try again; a proxy between this browser and the server may have changed the request. ${RELAY_TROUBLE}`,
        details,
      );
    case RelayErrorCode.EntityTooLarge:
      return new S3AppError(
        'too-large',
        'The request is larger than the server accepts.',
        'Upload large files one at a time; if one file is refused, the server (or a proxy before it) limits the size.',
        details,
      );
  }
  return null;
}
