import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { collectZipEntries, signZipRead, zipItems } from '../../src/s3/zip-download';
import { unreadable, zipOfItems } from '../../src/s3/zip-stream';
import { zipLength, zipWriter, type ZipFileInput } from '../../src/s3/zip-writer';
import { adminClient, makeSession, putObjects, withTempBucket } from './sandbox';

// The zip writer, and a folder's objects zipped from the sandbox, read back by an independent reader.

/** Reads an archive back with Python's zipfile (not the code under test): names, contents, CRCs checked. */
function readWithPython(
  zip: Uint8Array,
): Array<{ name: string; size: number; text: string; sha256: string; date: number[] }> {
  const script = [
    'import sys, zipfile, io, json, hashlib',
    'z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))',
    'assert z.testzip() is None',
    'print(json.dumps([{"name": i.filename, "size": i.file_size, "text": z.read(i)[:1000].decode("latin-1"), "sha256": hashlib.sha256(z.read(i)).hexdigest(), "date": list(i.date_time)} for i in z.infolist()]))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: zip, encoding: 'utf8' })) as ReturnType<
    typeof readWithPython
  >;
}

/** A stream of `text` in pieces of `piece` bytes, as a response body arrives. */
function streamOf(text: string, piece = 3): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, (at += piece)));
    },
  });
}

async function* inputs(list: ZipFileInput[]) {
  yield* list;
}

async function written(list: ZipFileInput[], options?: { zip64From?: number }): Promise<Uint8Array> {
  return new Uint8Array(await new Response(zipWriter(inputs(list), options)).arrayBuffer());
}

const date = new Date(2024, 4, 17, 13, 45, 30);
const sample = (): ZipFileInput[] => [
  { name: 'docs/', lastModified: date },
  { name: 'docs/a.txt', input: streamOf('alpha'), lastModified: date },
  { name: 'docs/ünï 😀.txt', input: streamOf('unicode '.repeat(100)), lastModified: date },
  { name: 'empty.bin', input: streamOf(''), lastModified: date },
];

describe('zipWriter', () => {
  it('writes an archive that unzip tools read back whole: names, bytes, CRCs, dates, folders', async () => {
    expect(readWithPython(await written(sample())).map(({ sha256: _, ...rest }) => rest)).toEqual([
      { name: 'docs/', size: 0, text: '', date: [2024, 5, 17, 13, 45, 30] },
      { name: 'docs/a.txt', size: 5, text: 'alpha', date: [2024, 5, 17, 13, 45, 30] },
      {
        name: 'docs/ünï 😀.txt',
        size: 800,
        text: 'unicode '.repeat(100),
        date: [2024, 5, 17, 13, 45, 30],
      },
      { name: 'empty.bin', size: 0, text: '', date: [2024, 5, 17, 13, 45, 30] },
    ]);
  });

  it('writes the Zip64 layout readers need once sizes and offsets outgrow 32 bits', async () => {
    // The same archive with the Zip64 threshold lowered, so every size and offset past it takes the Zip64 path.
    const zip = await written(sample(), { zip64From: 4 });
    expect(readWithPython(zip).map((e) => [e.name, e.size, e.text.length])).toEqual([
      ['docs/', 0, 0],
      ['docs/a.txt', 5, 5],
      ['docs/ünï 😀.txt', 800, 800],
      ['empty.bin', 0, 0],
    ]);
    const view = new DataView(zip.buffer);
    // The Zip64 end record and its locator sit just before the classic end record.
    expect(view.getUint32(zip.length - 22 - 20, true)).toBe(0x07064b50);
    expect(view.getUint32(zip.length - 22 - 20 - 56, true)).toBe(0x06064b50);
  });

  it('knows the archive’s length before writing it, classic and Zip64 layouts alike', async () => {
    const sizes = (list: ZipFileInput[]) => list.map((e, i) => ({ name: e.name, size: [0, 5, 800, 0][i] }));
    expect(zipLength(sizes(sample()))).toBe((await written(sample())).length);
    for (const zip64From of [1, 100, 900]) {
      expect(zipLength(sizes(sample()), { zip64From })).toBe((await written(sample(), { zip64From })).length);
    }
  });

  it('fails the archive when an entry’s bytes fail', async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.error(new Error('connection reset')),
    });
    await expect(written([{ name: 'a.bin', input: failing }])).rejects.toThrow('connection reset');
  });
});

/**
 * A folder's zip as the download worker builds it: each object read by fetch from the read the page signs for it
 * (signZipRead), streamed through zipOfItems.
 */
function zipOfFolder(
  session: ReturnType<typeof makeSession>,
  bucket: string,
  entries: Awaited<ReturnType<typeof collectZipEntries>>,
  base: string,
  callbacks: Parameters<typeof zipOfItems>[2],
) {
  return zipOfItems(
    zipItems(entries, base),
    async (index) => {
      const { url, headers } = await signZipRead(session, bucket, entries[index].key);
      const response = await fetch(url, { headers });
      if (!response.ok || !response.body) throw unreadable(entries[index].key, response.status);
      return response.body;
    },
    callbacks,
  );
}

describe('zipOfItems with signed reads', () => {
  it('zips a folder’s objects read from the endpoint, several in flight, each whole and in order', async () => {
    await withTempBucket(async (bucket) => {
      const big = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => (i * 31) % 251);
      const objects: Array<[string, string | Uint8Array]> = [
        ['photos/a.txt', 'alpha'],
        ['photos/2024/b.txt', 'beta'],
        ['photos/big.bin', big],
        ['photos/empty/', ''],
        ['photos/z.txt', 'zed'],
      ];
      await putObjects(bucket, objects);
      const session = makeSession();
      const entries = await collectZipEntries(session, bucket, { objects: [], prefixes: ['photos/'] });
      let ended: unknown = 'not yet';
      const progress: number[] = [];
      const stream = zipOfFolder(session, bucket, entries, 'photos/', {
        onProgress: (p) => progress.push(p.bytesDone),
        onEnd: (error) => (ended = error),
      });
      const read = readWithPython(new Uint8Array(await new Response(stream).arrayBuffer()));
      expect(ended).toBeUndefined();
      expect(read.map((e) => [e.name, e.size])).toEqual([
        ['2024/b.txt', 4],
        ['a.txt', 5],
        ['big.bin', big.length],
        ['empty/', 0],
        ['z.txt', 3],
      ]);
      expect(read.find((e) => e.name === 'big.bin')?.sha256).toBe(
        crypto.createHash('sha256').update(big).digest('hex'),
      );
      expect(progress.at(-1)).toBe(5 + 4 + big.length + 3);
    });
  });

  it('fails with the key of an object that went away, and says the archive is incomplete', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [
        ['docs/a.txt', 'alpha'],
        ['docs/gone.txt', 'gone'],
      ]);
      const session = makeSession();
      const entries = await collectZipEntries(session, bucket, { objects: [], prefixes: ['docs/'] });
      await adminClient().send(new DeleteObjectCommand({ Bucket: bucket, Key: 'docs/gone.txt' }));
      let ended: unknown;
      const stream = zipOfFolder(session, bucket, entries, 'docs/', {
        onProgress: () => {},
        onEnd: (error) => (ended = error),
      });
      await expect(new Response(stream).arrayBuffer()).rejects.toThrow(
        'Could not read "docs/gone.txt" (HTTP 404); the archive is incomplete.',
      );
      expect(String(ended)).toContain('docs/gone.txt');
    });
  });
});
