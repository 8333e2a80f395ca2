import { listObjectsUnder } from './delete-objects';
import { presignGet } from './presign';
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
