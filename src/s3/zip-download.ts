import { makeZip } from 'client-zip';
import { listObjectsUnder } from './delete-objects';
import { presignGet } from './presign';
import type { S3Session } from './session';

export interface ZipEntry {
  key: string;
  size: number;
  lastModified?: Date;
}

export interface ZipProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
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

/**
 * A zip of many objects as a stream, fetched one object at a time from presigned URLs (or the relay), so memory
 * stays flat whatever the total size; client-zip writes Zip64 when the archive passes 4 GiB.
 */
export function zipStream(
  session: S3Session,
  bucket: string,
  entries: ZipEntry[],
  base: string,
  options: {
    signal: AbortSignal;
    onProgress: (progress: ZipProgress) => void;
    /** Called once the last byte has been handed on, or with the reason it never will be. */
    onEnd: (error?: unknown) => void;
  },
): ReadableStream<Uint8Array> {
  const progress: ZipProgress = {
    bytesDone: 0,
    bytesTotal: entries.reduce((n, e) => n + e.size, 0),
    filesDone: 0,
    filesTotal: entries.length,
  };
  async function* files() {
    try {
      yield* entryFiles();
    } catch (error) {
      options.onEnd(error);
      throw error;
    }
  }
  async function* entryFiles() {
    for (const entry of entries) {
      const name = zipEntryName(entry.key, base);
      if (name.endsWith('/')) {
        yield { name, lastModified: entry.lastModified };
      } else {
        const url = await presignGet(session, { bucket, key: entry.key, expiresIn: LINK_SECONDS });
        const response = await session.fetchSigned(bucket, url, { signal: options.signal });
        if (!response.ok || !response.body) {
          throw new Error(
            `Could not read "${entry.key}" (HTTP ${response.status}); the archive is incomplete.`,
          );
        }
        const counted = response.body.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              progress.bytesDone += chunk.byteLength;
              options.onProgress({ ...progress });
              controller.enqueue(chunk);
            },
          }),
        );
        yield { name, input: counted, size: entry.size, lastModified: entry.lastModified };
      }
      progress.filesDone++;
      options.onProgress({ ...progress });
    }
  }
  return makeZip(files()).pipeThrough(new TransformStream({ flush: () => options.onEnd() }));
}
