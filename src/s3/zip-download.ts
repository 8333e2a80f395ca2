import { listObjectsUnder } from './delete-objects';
import { presignGet } from './presign';
import type { S3Session } from './session';
import { zipWriter } from './zip-writer';

export interface ZipEntry {
  key: string;
  size: number;
  /** Milliseconds since the epoch, as listings keep it. */
  lastModified?: number;
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
 * Objects asked for ahead of the one being written: their answers wait in the browser's network buffers (bounded
 * per response, so memory stays flat), and the next object's first bytes are there when the writer gets to it
 * instead of a round trip per object.
 */
const OBJECTS_AHEAD = 4;

/**
 * The zip writer (a CRC call) and the stream handed to the download worker (a message) cost something per chunk,
 * and network chunks are tens of KiB: they are gathered into chunks of this size first.
 */
const CHUNK_BYTES = 1024 * 1024;

/**
 * A zip of many objects as a stream, read from presigned URLs (or the relay) a few objects ahead, so memory stays
 * flat whatever the total size (zip-writer.ts writes Zip64 where the archive needs it).
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
  const report = () => options.onProgress({ ...progress });
  async function read(entry: ZipEntry): Promise<ReadableStream<Uint8Array>> {
    const url = await presignGet(session, { bucket, key: entry.key, expiresIn: LINK_SECONDS });
    const response = await session.fetchSigned(bucket, url, { signal: options.signal });
    if (!response.ok || !response.body) {
      throw new Error(`Could not read "${entry.key}" (HTTP ${response.status}); the archive is incomplete.`);
    }
    return response.body;
  }
  const isFolder = (entry: ZipEntry) => zipEntryName(entry.key, base).endsWith('/');
  const asked = new Map<number, Promise<ReadableStream<Uint8Array>>>();
  const askAhead = (from: number) => {
    for (let i = from; i < Math.min(entries.length, from + OBJECTS_AHEAD); i++) {
      if (asked.has(i) || isFolder(entries[i])) continue;
      const body = read(entries[i]);
      // Awaited in turn below; a failure of one asked ahead must not count as unhandled meanwhile.
      body.catch(() => {});
      asked.set(i, body);
    }
  };
  async function* entryFiles() {
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const name = zipEntryName(entry.key, base);
      askAhead(i);
      if (name.endsWith('/')) {
        yield { name, lastModified: dateOf(entry) };
      } else {
        const body = await asked.get(i)!;
        asked.delete(i);
        const input = gathered(body, (bytes) => {
          progress.bytesDone += bytes;
          report();
        });
        yield { name, input, lastModified: dateOf(entry) };
      }
      progress.filesDone++;
      report();
    }
  }
  async function* files() {
    try {
      yield* entryFiles();
    } catch (error) {
      for (const body of asked.values())
        void body.then(
          (b) => b.cancel(),
          () => {},
        );
      options.onEnd(error);
      throw error;
    }
  }
  return zipWriter(files()).pipeThrough(new TransformStream({ flush: () => options.onEnd() }));
}

/**
 * A response body in chunks of CHUNK_BYTES (the last may be shorter), read straight into each chunk's buffer (a
 * BYOB reader: the network layer fills it, no copy in between); `onBytes` hears of each chunk handed on. Where a
 * body cannot be read that way, its chunks are passed on as they come.
 */
function gathered(
  body: ReadableStream<Uint8Array>,
  onBytes: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    return body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onBytes(chunk.byteLength);
          controller.enqueue(chunk);
        },
      }),
    );
  }
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let buffer = new ArrayBuffer(CHUNK_BYTES);
      let filled = 0;
      let done = false;
      while (filled < CHUNK_BYTES && !done) {
        const read = await reader.read(new Uint8Array(buffer, filled, CHUNK_BYTES - filled));
        done = read.done;
        if (read.value) {
          buffer = read.value.buffer as ArrayBuffer;
          filled += read.value.byteLength;
        }
      }
      if (filled > 0) {
        onBytes(filled);
        controller.enqueue(new Uint8Array(buffer, 0, filled));
      }
      if (done) controller.close();
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

const dateOf = (entry: ZipEntry) =>
  entry.lastModified === undefined ? undefined : new Date(entry.lastModified);
