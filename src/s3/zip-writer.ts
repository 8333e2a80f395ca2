import { crc32 } from './crc32';

/** One entry of an archive: a file with its bytes as a stream, or a folder (a name ending in "/", no input). */
export interface ZipFileInput {
  name: string;
  lastModified?: Date;
  input?: ZipBody;
}

/** A file's bytes: a web stream (a browser's response body), or any async iterable of chunks (Node's streams). */
export type ZipBody = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A CRC-32 of `bytes` continuing from `crc` (that of everything before them): crc32.ts, or Node's zlib.crc32. */
export type Crc32 = (bytes: Uint8Array, crc: number) => number;

/** Sizes and offsets from this on need the Zip64 fields (the classic ones are 32 bits, 0xFFFFFFFF means "see Zip64"). */
const ZIP64_FROM = 0xffffffff;
/** Entries from this many on need the Zip64 end record (the classic count is 16 bits). */
const ZIP64_ENTRIES_FROM = 0xffff;
/** "Made by" Unix (3), version 4.5; "needed" 4.5 (Zip64). */
const MADE_BY = 0x032d;
const NEEDED = 0x002d;
/** Bit 3: sizes and CRC follow the data (a streamed entry); bit 11: names are UTF-8. */
const FLAGS = 0x0808;
const FILE_MODE = 0o100664;
const FOLDER_MODE = 0o40775;

interface Written {
  name: Uint8Array;
  date: Date;
  isFile: boolean;
  crc: number;
  size: number;
  offset: number;
}

/**
 * A zip archive of `files`, written as a stream while their bytes arrive: stored (not compressed: objects are
 * mostly compressed already, and the writer must keep up with the network), each entry's CRC and size in a data
 * descriptor after its bytes, and Zip64 fields where sizes, offsets or the count outgrow the classic ones.
 * `zip64From` is for tests, to reach the Zip64 layout without writing 4 GiB; `crc` lets the app's server use
 * Node's native CRC-32, several times faster than the JavaScript one browsers must use.
 */
export function zipWriter(
  files: AsyncIterable<ZipFileInput>,
  options: ZipOptions = {},
): ReadableStream<Uint8Array> {
  const parts = zipParts(files, options);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await parts.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      await parts.throw(reason).catch(() => {});
    },
  });
}

/**
 * The length of the archive `zipWriter` writes for entries of these names and sizes (a name ending in "/" is a
 * folder), known before any byte is read: a download that announces it shows the browser's progress bar.
 */
export function zipLength(
  entries: ReadonlyArray<{ name: string; size: number }>,
  { zip64From = ZIP64_FROM }: { zip64From?: number } = {},
): number {
  const encoder = new TextEncoder();
  let offset = 0;
  let directorySize = 0;
  let zip64 = entries.length >= ZIP64_ENTRIES_FROM;
  for (const { name, size } of entries) {
    const nameLength = encoder.encode(name).length;
    const bigSize = size >= zip64From;
    const bigOffset = offset >= zip64From;
    const extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
    directorySize += 46 + nameLength + (extra ? 4 + extra : 0);
    zip64 ||= bigSize || bigOffset;
    offset += 30 + nameLength + size + (bigSize ? 24 : 16);
  }
  zip64 ||= offset >= zip64From;
  return offset + directorySize + (zip64 ? 56 + 20 : 0) + 22;
}

export interface ZipOptions {
  zip64From?: number;
  crc?: Crc32;
}

/**
 * The archive `zipWriter` streams, as the async iterable of its parts (headers, the files' chunks as they come,
 * the directory): Node's server pipes it into a response with no web stream between (Readable.from).
 */
export async function* zipParts(
  files: AsyncIterable<ZipFileInput>,
  { zip64From = ZIP64_FROM, crc = crc32 }: ZipOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const encoder = new TextEncoder();
  const written: Written[] = [];
  let offset = 0;
  for await (const file of files) {
    const isFile = file.input !== undefined;
    const entry: Written = {
      name: encoder.encode(file.name),
      date: file.lastModified ?? new Date(),
      isFile,
      crc: 0,
      size: 0,
      offset,
    };
    yield localHeader(entry);
    yield entry.name;
    if (file.input) {
      const reader = chunkReader(file.input);
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          entry.crc = crc(value, entry.crc);
          entry.size += value.byteLength;
          yield value;
        }
      } catch (error) {
        await reader.cancel(error).catch(() => {});
        throw error;
      } finally {
        reader.release();
      }
    }
    const big = entry.size >= zip64From;
    yield dataDescriptor(entry, big);
    written.push(entry);
    offset += 30 + entry.name.length + entry.size + (big ? 24 : 16);
  }
  const directoryStart = offset;
  let directorySize = 0;
  for (const entry of written) {
    const record = centralRecord(entry, zip64From);
    yield record;
    directorySize += record.length;
  }
  const count = written.length;
  const zip64 =
    directoryStart >= zip64From ||
    count >= ZIP64_ENTRIES_FROM ||
    written.some((e) => e.size >= zip64From || e.offset >= zip64From);
  if (zip64) yield zip64End(count, directoryStart, directorySize);
  yield end(count, directoryStart, directorySize, zip64From);
}

interface ChunkReader {
  read(): Promise<IteratorResult<Uint8Array, unknown>>;
  cancel(reason: unknown): Promise<unknown>;
  release(): void;
}

/**
 * Reads a web stream with its reader (browsers without async iteration of streams have one), anything else with
 * its async iterator; a failure stops the body either way (a Node stream's iterator destroys it on return).
 */
function chunkReader(input: ZipBody): ChunkReader {
  if ('getReader' in input) {
    const reader = input.getReader();
    return {
      read: () => reader.read(),
      cancel: (reason) => reader.cancel(reason),
      release: () => reader.releaseLock(),
    };
  }
  const iterator = input[Symbol.asyncIterator]();
  return {
    read: () => iterator.next(),
    cancel: async () => iterator.return?.(),
    release: () => {},
  };
}

function localHeader(entry: Written): Uint8Array {
  const { view, bytes } = block(30);
  view.setUint32(0, 0x04034b50, true);
  view.setUint16(4, NEEDED, true);
  view.setUint16(6, FLAGS, true);
  // 8: stored; 14..25: CRC and sizes are in the data descriptor.
  setDosDate(view, 10, entry.date);
  view.setUint16(26, entry.name.length, true);
  return bytes;
}

function dataDescriptor(entry: Written, big: boolean): Uint8Array {
  const { view, bytes } = block(big ? 24 : 16);
  view.setUint32(0, 0x08074b50, true);
  view.setUint32(4, entry.crc, true);
  if (big) {
    view.setBigUint64(8, BigInt(entry.size), true);
    view.setBigUint64(16, BigInt(entry.size), true);
  } else {
    view.setUint32(8, entry.size, true);
    view.setUint32(12, entry.size, true);
  }
  return bytes;
}

/** The entry's record in the central directory: header, name, and a Zip64 field for what 32 bits cannot hold. */
function centralRecord(entry: Written, zip64From: number): Uint8Array {
  const bigSize = entry.size >= zip64From;
  const bigOffset = entry.offset >= zip64From;
  const extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
  const nameEnd = 46 + entry.name.length;
  const { view, bytes } = block(nameEnd + (extra ? 4 + extra : 0));
  view.setUint32(0, 0x02014b50, true);
  view.setUint16(4, MADE_BY, true);
  view.setUint16(6, NEEDED, true);
  view.setUint16(8, FLAGS, true);
  setDosDate(view, 12, entry.date);
  view.setUint32(16, entry.crc, true);
  view.setUint32(20, bigSize ? ZIP64_FROM : entry.size, true);
  view.setUint32(24, bigSize ? ZIP64_FROM : entry.size, true);
  view.setUint16(28, entry.name.length, true);
  view.setUint16(30, extra ? 4 + extra : 0, true);
  view.setUint32(38, (entry.isFile ? FILE_MODE : FOLDER_MODE) * 0x10000, true);
  view.setUint32(42, bigOffset ? ZIP64_FROM : entry.offset, true);
  bytes.set(entry.name, 46);
  if (extra) {
    // Only the fields set to 0xFFFFFFFF above, in this order.
    view.setUint16(nameEnd, 0x0001, true);
    view.setUint16(nameEnd + 2, extra, true);
    let at = nameEnd + 4;
    if (bigSize) {
      view.setBigUint64(at, BigInt(entry.size), true);
      view.setBigUint64(at + 8, BigInt(entry.size), true);
      at += 16;
    }
    if (bigOffset) view.setBigUint64(at, BigInt(entry.offset), true);
  }
  return bytes;
}

function zip64End(count: number, directoryStart: number, directorySize: number): Uint8Array {
  const { view, bytes } = block(56 + 20);
  view.setUint32(0, 0x06064b50, true);
  view.setBigUint64(4, 44n, true);
  view.setUint16(12, MADE_BY, true);
  view.setUint16(14, NEEDED, true);
  view.setBigUint64(24, BigInt(count), true);
  view.setBigUint64(32, BigInt(count), true);
  view.setBigUint64(40, BigInt(directorySize), true);
  view.setBigUint64(48, BigInt(directoryStart), true);
  // The locator: where the record above starts.
  view.setUint32(56, 0x07064b50, true);
  view.setBigUint64(64, BigInt(directoryStart + directorySize), true);
  view.setUint32(72, 1, true);
  return bytes;
}

function end(count: number, directoryStart: number, directorySize: number, zip64From: number): Uint8Array {
  const { view, bytes } = block(22);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, Math.min(count, 0xffff), true);
  view.setUint16(10, Math.min(count, 0xffff), true);
  view.setUint32(12, directorySize >= zip64From ? ZIP64_FROM : directorySize, true);
  view.setUint32(16, directoryStart >= zip64From ? ZIP64_FROM : directoryStart, true);
  return bytes;
}

function block(length: number) {
  const bytes = new Uint8Array(length);
  return { bytes, view: new DataView(bytes.buffer) };
}

/** MS-DOS time and date, in local time as unzip tools read them (two-second steps, years from 1980). */
function setDosDate(view: DataView, at: number, date: Date): void {
  const year = Math.max(1980, Math.min(2107, date.getFullYear()));
  view.setUint16(at, (date.getSeconds() >> 1) | (date.getMinutes() << 5) | (date.getHours() << 11), true);
  view.setUint16(at + 2, date.getDate() | ((date.getMonth() + 1) << 5) | ((year - 1980) << 9), true);
}
