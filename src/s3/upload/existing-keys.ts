import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { S3AppError } from '../errors';
import { SIMPLE_GET } from '../list-xml';
import type { S3Session } from '../session';

/** Up to this many keys, one HeadObject each is cheapest; above, listing the folders they go to is. */
const HEAD_ALL_LIMIT = 64;
const HEAD_CONCURRENCY = 8;
/** How long a HEAD signed ahead (signHeads) is valid; it is used only while far from that (SIGNED_HEAD_USE_MS). */
const SIGNED_HEAD_SECONDS = 15 * 60;
const SIGNED_HEAD_USE_MS = 10 * 60 * 1000;

/** HEADs of keys in one bucket, signed before they are needed (see signHeads). */
export interface SignedHeads {
  bucket: string;
  /** Key → presigned HEAD URL. */
  urls: ReadonlyMap<string, string>;
  signedAt: number;
}

/**
 * Signs a HEAD of each key ahead (a dialog does it while the person picks the destination), so that the check
 * "is there something to overwrite?" leaves the moment they confirm: with no signing in between, and as a simple
 * request (a presigned URL, no headers of its own) that needs no CORS preflight. Only for a few keys.
 */
export async function signHeads(
  session: S3Session,
  bucket: string,
  keys: readonly string[],
): Promise<SignedHeads | undefined> {
  if (!keys.length || keys.length > HEAD_ALL_LIMIT) return undefined;
  const signedAt = Date.now();
  const urls = new Map<string, string>();
  for (const key of keys) {
    const command = new HeadObjectCommand({ Bucket: bucket, Key: key });
    urls.set(key, await session.presign(command, { expiresIn: SIGNED_HEAD_SECONDS }));
  }
  return { bucket, urls, signedAt };
}

/**
 * Which of `keys` already exist, to ask before overwriting them. A few keys are checked one by one (HeadObject);
 * many are checked by listing what is under each folder of the drop (1,000 keys a request). A folder that turns
 * out to hold far more than the drop is not listed to the end: its keys are checked one by one instead.
 */
export async function findExistingKeys(
  session: S3Session,
  bucket: string,
  keys: readonly string[],
  options: { prefix?: string; signal?: AbortSignal; signed?: SignedHeads } = {},
): Promise<Set<string>> {
  const { prefix = '', signal } = options;
  const fresh =
    options.signed?.bucket === bucket && Date.now() - options.signed.signedAt < SIGNED_HEAD_USE_MS;
  const signed = fresh ? options.signed?.urls : undefined;
  if (keys.length <= HEAD_ALL_LIMIT) return headEach(session, bucket, keys, signal, signed);

  // Files straight in `prefix` are one group (listed with a delimiter); each subfolder is another (listed flat).
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const rest = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    const slash = rest.indexOf('/');
    const group = slash >= 0 ? `${prefix}${rest.slice(0, slash + 1)}` : '';
    const members = groups.get(group);
    if (members) members.push(key);
    else groups.set(group, [key]);
  }
  const existing = new Set<string>();
  for (const [group, groupKeys] of groups) {
    const wanted = new Set(groupKeys);
    const maxPages = Math.max(5, 2 * Math.ceil(groupKeys.length / 1000));
    const listed = await listKeys(
      session,
      bucket,
      group || prefix,
      group ? undefined : '/',
      maxPages,
      signal,
    );
    if (listed) {
      for (const key of listed) if (wanted.has(key)) existing.add(key);
    } else {
      for (const key of await headEach(session, bucket, groupKeys, signal)) existing.add(key);
    }
  }
  return existing;
}

/** Every key under `prefix`, or null when there are more than `maxPages` pages of them. */
async function listKeys(
  session: S3Session,
  bucket: string,
  prefix: string,
  delimiter: string | undefined,
  maxPages: number,
  signal?: AbortSignal,
): Promise<string[] | null> {
  const keys: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const output = await session.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix || undefined,
        Delimiter: delimiter,
        ContinuationToken: token,
      }),
      { bucket, signal },
    );
    for (const object of output.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    token = output.IsTruncated ? output.NextContinuationToken : undefined;
    if (!token) return keys;
  }
  return null;
}

async function headEach(
  session: S3Session,
  bucket: string,
  keys: readonly string[],
  signal?: AbortSignal,
  signed?: ReadonlyMap<string, string>,
): Promise<Set<string>> {
  const existing = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      const url = signed?.get(key);
      const answer = url === undefined ? undefined : await existsBySignedHead(session, bucket, url, signal);
      if (answer ?? (await exists(session, bucket, key, signal))) existing.add(key);
    }
  };
  await Promise.all(Array.from({ length: Math.min(HEAD_CONCURRENCY, keys.length) }, worker));
  return existing;
}

/**
 * A HEAD signed ahead, sent by fetch: 200 exists, 404 does not. Anything else (a 403 may be an expired URL, a 5xx
 * deserves the SDK's retries) is undefined, and the key is asked again the usual way.
 */
async function existsBySignedHead(
  session: S3Session,
  bucket: string,
  url: string,
  signal?: AbortSignal,
): Promise<boolean | undefined> {
  try {
    const response = await session.fetchSigned(bucket, url, { ...SIMPLE_GET, method: 'HEAD', signal });
    if (response.status === 200) return true;
    if (response.status === 404) return false;
  } catch (error) {
    if (signal?.aborted) throw error;
  }
  return undefined;
}

async function exists(session: S3Session, bucket: string, key: string, signal?: AbortSignal) {
  // Cannot exist in S3 (1024 bytes at most); the upload queue refuses it, with the reason, before any request.
  if (new TextEncoder().encode(key).length > 1024) return false;
  try {
    await session.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { bucket, key, signal });
    return true;
  } catch (error) {
    // Keys that may write but not read get 403 here: the upload itself will say whether writing is allowed.
    if (error instanceof S3AppError && (error.kind === 'no-such-key' || error.kind === 'access-denied')) {
      return false;
    }
    throw error;
  }
}
