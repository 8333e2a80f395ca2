import { zipWriter, type Crc32, type ZipBody, type ZipFileInput } from './zip-writer';

/**
 * The zip of many objects as a stream, with no S3 client in it: the page (zip-download.ts) and the download
 * service worker (src/download-worker) both build archives with it, each opening the objects its own way.
 */

/** One entry of the archive: its name inside it (a name ending in "/" is a folder), size and date. */
export interface ZipItem {
  name: string;
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

export interface ZipCallbacks {
  onProgress: (progress: ZipProgress) => void;
  /** Called once the last byte has been handed on, or with the reason it never will be. */
  onEnd: (error?: unknown) => void;
  /** The CRC-32 to use, where a faster one than zip-writer.ts's own exists (Node's). */
  crc?: Crc32;
}

/**
 * Objects asked for ahead of the one being written: their answers wait in the browser's network buffers (bounded
 * per response, so memory stays flat), and the next object's first bytes are there when the writer gets to it
 * instead of a round trip per object.
 */
const OBJECTS_AHEAD = 4;

/**
 * The archive of `items`, each file's bytes from `open(index)` (a response body), opened a few objects ahead so
 * memory stays flat whatever the total size (zip-writer.ts writes Zip64 where the archive needs it).
 */
export function zipOfItems(
  items: ZipItem[],
  open: (index: number) => Promise<ReadableStream<Uint8Array>>,
  callbacks: ZipCallbacks,
): ReadableStream<Uint8Array> {
  return zipWriter(zipEntries(items, open, callbacks), { crc: callbacks.crc }).pipeThrough(
    new TransformStream({ flush: () => callbacks.onEnd() }),
  );
}

/**
 * The entries of the archive of `items` for zip-writer.ts, each file's body from `open(index)`, asked for
 * OBJECTS_AHEAD objects ahead. A browser's bodies are counted for `onProgress`; the server has no progress to show
 * and passes Node's streams on as they are. An object that cannot be opened ends the entries with `onEnd(error)`.
 */
export async function* zipEntries(
  items: ZipItem[],
  open: (index: number) => Promise<ZipBody>,
  { onProgress, onEnd }: Partial<Pick<ZipCallbacks, 'onProgress'>> & Pick<ZipCallbacks, 'onEnd'>,
): AsyncGenerator<ZipFileInput, void, undefined> {
  const progress: ZipProgress = {
    bytesDone: 0,
    bytesTotal: items.reduce((n, e) => n + e.size, 0),
    filesDone: 0,
    filesTotal: items.length,
  };
  const report = () => onProgress?.({ ...progress });
  const isFolder = (item: ZipItem) => item.name.endsWith('/');
  const asked = new Map<number, Promise<ZipBody>>();
  const askAhead = (from: number) => {
    for (let i = from; i < Math.min(items.length, from + OBJECTS_AHEAD); i++) {
      if (asked.has(i) || isFolder(items[i])) continue;
      const body = open(i);
      // Awaited in turn below; a failure of one asked ahead must not count as unhandled meanwhile.
      body.catch(() => {});
      asked.set(i, body);
    }
  };
  try {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      askAhead(i);
      const lastModified = item.lastModified === undefined ? undefined : new Date(item.lastModified);
      if (isFolder(item)) {
        yield { name: item.name, lastModified };
      } else {
        const body = await asked.get(i)!;
        asked.delete(i);
        const input =
          onProgress && 'getReader' in body
            ? counted(body, (bytes) => {
                progress.bytesDone += bytes;
                report();
              })
            : body;
        yield { name: item.name, input, lastModified };
      }
      progress.filesDone++;
      report();
    }
  } catch (error) {
    for (const body of asked.values()) void body.then(cancelBody, () => {});
    onEnd(error);
    throw error;
  }
}

function cancelBody(body: ZipBody): void {
  if ('getReader' in body) void body.cancel();
  else void body[Symbol.asyncIterator]().return?.();
}

/**
 * A response body passed on chunk by chunk as the network hands them over; `onBytes` hears of each. Not gathered
 * into larger chunks: a BYOB read into a larger buffer costs the browser more than the few calls per chunk it saves.
 */
function counted(
  body: ReadableStream<Uint8Array>,
  onBytes: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** The error of an object whose read failed partway through an archive. */
export function unreadable(key: string, status: number): Error {
  return new Error(`Could not read "${key}" (HTTP ${status}); the archive is incomplete.`);
}
