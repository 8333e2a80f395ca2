import { listObjectsUnder } from './delete-objects';
import { presignGet } from './presign';
import {
  BATCH_CONTENT_TYPE,
  MAX_ZIP_ENTRIES,
  MAX_ZIP_MANIFEST_BYTES,
  type ZipManifest,
} from './relay-protocol';
import type { S3Session, SignedRequest } from './session';
import type { ZipItem } from './zip-stream';

export type { ZipProgress } from './zip-stream';

export interface ZipEntry {
  key: string;
  size: number;
  /** Milliseconds since the epoch, as listings keep it. */
  lastModified?: number;
}

const LINK_SECONDS = 60 * 60;

/**
 * A name inside the archive for a key, relative to the folder being downloaded. Unzip tools write these names to
 * disk, so no entry may climb out of the target folder ("zip slip"): empty, "." and ".." segments become "_",
 * and a leading "/" is dropped.
 */
export function zipEntryName(key: string, base: string): string {
  const relative = key.startsWith(base) ? key.slice(base.length) : key;
  const isFolder = relative.endsWith('/');
  const segments = relative.split('/').filter((s, i, all) => !(isFolder && i === all.length - 1 && s === ''));
  const safe = segments.map((s) => (s === '' || s === '.' || s === '..' ? '_' : s)).join('/');
  return isFolder ? `${safe}/` : safe;
}

/** Every object to put in the archive: the chosen objects, and every key under the chosen folders. */
export async function collectZipEntries(
  session: S3Session,
  bucket: string,
  choice: { objects: ZipEntry[]; prefixes: string[] },
  signal?: AbortSignal,
): Promise<ZipEntry[]> {
  const entries = new Map(choice.objects.map((o) => [o.key, o]));
  for (const prefix of choice.prefixes) {
    for (const object of await listObjectsUnder(session, bucket, prefix, signal)) {
      entries.set(object.key, object);
    }
  }
  return [...entries.values()];
}

/** The archive's entries for `entries`, named relative to `base`. */
export function zipItems(entries: ZipEntry[], base: string): ZipItem[] {
  return entries.map((e) => ({
    name: zipEntryName(e.key, base),
    size: e.size,
    lastModified: e.lastModified,
  }));
}

/**
 * A presigned read of one object, routed as the bucket's other calls (direct, or the relay with the signed target
 * in headers): what the download worker fetches when it builds the zip itself.
 */
export async function signZipRead(session: S3Session, bucket: string, key: string): Promise<SignedRequest> {
  const url = await presignGet(session, { bucket, key, expiresIn: LINK_SECONDS });
  return session.routeSigned(bucket, url);
}

/** Whether the app's server can build this zip (a server is there, the user did not choose direct, few enough). */
export function canZipOnServer(session: S3Session, entries: ZipEntry[]): boolean {
  return !!session.serverZipUrl && entries.length <= MAX_ZIP_ENTRIES;
}

/**
 * Hands the zip of `entries` to the app's server: the page presigns a read of each object (the server holds no
 * key) and gets back a one-time URL whose GET is the archive, for the browser's download manager to save.
 * Undefined when the list is more than the server takes (very long names): the download worker builds it then.
 */
export async function offerZipToServer(
  session: S3Session,
  bucket: string,
  entries: ZipEntry[],
  base: string,
  fileName: string,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const endpoint = session.serverZipUrl;
  if (!endpoint) throw new Error('This copy of the app has no server to build the zip.');
  const items = zipItems(entries, base);
  const manifest: ZipManifest = {
    fileName,
    entries: await Promise.all(
      items.map(async (item, i) => ({
        ...item,
        url: item.name.endsWith('/')
          ? undefined
          : await presignGet(session, { bucket, key: entries[i].key, expiresIn: LINK_SECONDS }),
      })),
    ),
  };
  const body = new TextEncoder().encode(JSON.stringify(manifest));
  if (body.length > MAX_ZIP_MANIFEST_BYTES) return undefined;
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': BATCH_CONTENT_TYPE },
      body,
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw session.toAppError(error, { bucket });
  }
  if (!response.ok) throw await session.answerError(response, { bucket });
  const { token } = (await response.json()) as { token: string };
  return `${endpoint}/${token}`;
}
