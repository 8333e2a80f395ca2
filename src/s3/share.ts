import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { contentDisposition, MAX_PRESIGN_SECONDS } from './link-rules';
import type { S3Session } from './session';

export interface ShareLink {
  url: string;
  /** The time the link was signed with: the server's clock when it is known, not this computer's. */
  signedAt: Date;
  expiresAt: Date;
}

/**
 * A presigned GET to hand to someone: always for the real endpoint, never the app's relay.
 * `clockOffsetMs` (server minus browser) signs with the server's time, so a link made on a computer whose clock
 * runs behind is not born expired, and one made ahead is not "not yet valid".
 */
export async function presignShareLink(
  session: S3Session,
  params: {
    bucket: string;
    key: string;
    /** A link to one version of the key; without it the link reads whatever is latest when it is opened. */
    versionId?: string;
    expiresIn: number;
    download?: string;
    clockOffsetMs?: number;
    /** When the signing keys expire (temporary credentials): the link is cut to end then at the latest. */
    notAfter?: Date;
  },
): Promise<ShareLink> {
  const { bucket, key, versionId, download, clockOffsetMs = 0, notAfter } = params;
  // SigV4 dates have whole seconds: drop the milliseconds so the expiry shown is the one the server applies.
  const signedAt = new Date(Math.floor((Date.now() + clockOffsetMs) / 1000) * 1000);
  const keysLeft = notAfter ? Math.floor((notAfter.getTime() - signedAt.getTime()) / 1000) : Infinity;
  const expiresIn = Math.min(
    Math.max(1, Math.floor(params.expiresIn)),
    MAX_PRESIGN_SECONDS,
    Math.max(1, keysLeft),
  );
  const url = await session.presign(
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      VersionId: versionId,
      ResponseContentDisposition: download ? contentDisposition(download) : undefined,
    }),
    { expiresIn, signingDate: signedAt },
  );
  return { url, signedAt, expiresAt: new Date(signedAt.getTime() + expiresIn * 1000) };
}

/**
 * The plain, unsigned URL of an object (the seed's `generate_url(0, query_auth=False)`): what a public object
 * answers to. Built by the SDK so path-style or virtual-hosted addressing and key encoding match the signed links.
 */
export async function publicObjectUrl(session: S3Session, bucket: string, key: string): Promise<string> {
  const signed = await session.presign(new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60 });
  const url = new URL(signed);
  url.search = '';
  return url.toString();
}

export type AnonymousCheck =
  | { answered: true; status: number }
  /** No answer could be read from this page (CORS, network): not a proof either way. */
  | { answered: false };

/**
 * Asks for the URL as a stranger would: no credentials, no signature. HEAD keeps it a simple CORS request and
 * reads no body. Bucket calls that go through the relay (no CORS rule) send this one through it too.
 */
export async function checkAnonymous(
  session: S3Session,
  bucket: string,
  url: string,
  signal?: AbortSignal,
): Promise<AnonymousCheck> {
  try {
    const response = await session.fetchSigned(bucket, url, {
      method: 'HEAD',
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
    return { answered: true, status: response.status };
  } catch (error) {
    if (signal?.aborted) throw error;
    return { answered: false };
  }
}

export interface ServerClock {
  /** Server time minus this computer's time, in ms; 0 when unknown. */
  offsetMs: number;
  /** Whether the server's Date header (or the SDK's own reading of it) could be seen at all. */
  known: boolean;
}

/**
 * How far this computer's clock is from the server's, from the Date header of a presigned HEAD (every answer has
 * one, even an error). A page can read Date cross-origin only if the bucket's CORS rule exposes it (or through
 * the same-origin relay); otherwise the SDK's own estimate (systemClockOffset, set from earlier answers) is used.
 */
export async function measureServerClock(
  session: S3Session,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<ServerClock> {
  try {
    const url = await session.presign(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn: 300,
    });
    const sent = Date.now();
    const response = await session.fetchSigned(bucket, url, {
      method: 'HEAD',
      cache: 'no-store',
      signal,
    });
    const received = Date.now();
    const serverDate = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isNaN(serverDate)) {
      // The header has whole seconds; the midpoint of the round trip is the best guess of when it was written.
      const offset = serverDate + 500 - (sent + received) / 2;
      return { offsetMs: Math.abs(offset) < 2000 ? 0 : Math.round(offset), known: true };
    }
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  const sdkOffset = session.clockOffsetMs;
  return { offsetMs: sdkOffset, known: sdkOffset !== 0 };
}

export interface CredentialLife {
  /** A session token is present: these are temporary credentials. */
  temporary: boolean;
  /** When they stop working, if the credentials say so. */
  expiration?: Date;
}

/** Whether the keys are temporary and until when: a link can never outlive the keys that signed it. */
export async function credentialLife(session: S3Session): Promise<CredentialLife> {
  const identity = await session.directClient.config.credentials();
  return { temporary: !!identity.sessionToken, expiration: identity.expiration };
}
