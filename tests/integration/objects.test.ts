import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { deleteEntries, type DeleteProgress } from '../../src/s3/delete-objects';
import { listObjectsPage } from '../../src/s3/objects';
import { adminClient, makeSession, putObjects, withTempBucket } from './sandbox';

/** S3 lists keys in UTF-8 byte order. */
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const longKey = `k/${'x'.repeat(1022)}`;

/** Keys that break naive URL building, path normalisation, HTML rendering or length limits. */
const KEYS = [
  'a b.txt',
  'plus+sign.txt',
  '100%.txt',
  'hash#tag.txt',
  'what?.txt',
  'a&b=c.txt',
  'ünïcødé.txt',
  'emoji-😀.txt',
  'double//slash.txt',
  '/leading.txt',
  '../dotdot.txt',
  '<img src=x onerror=alert(1)>.txt',
  longKey,
  'docs/readme.md',
  'docs/notes/2024.txt',
];

/** Each object's body names its key, so sizes differ (multi-byte keys included). */
const body = (key: string) => `contents of ${key}\n`;
const size = (key: string) => Buffer.byteLength(body(key));

const seed = (bucket: string) =>
  putObjects(
    bucket,
    KEYS.map((key) => [key, body(key)] as [string, string]),
  );

describe('listObjectsPage', () => {
  it('lists the root: folders by "/", objects with exact keys and sizes', async () => {
    expect(Buffer.byteLength(longKey)).toBe(1024);
    await withTempBucket(async (bucket) => {
      await seed(bucket);
      const page = await listObjectsPage(makeSession(), { bucket, prefix: '' });

      expect(page.folders).toEqual(['docs/', 'double/', '/', '../', 'k/'].sort(byteOrder));
      const rootKeys = KEYS.filter((key) => !key.slice(0, -1).includes('/')).sort(byteOrder);
      expect(page.objects.map(({ key, size }) => ({ key, size }))).toEqual(
        rootKeys.map((key) => ({ key, size: size(key) })),
      );
      expect(page.nextToken).toBeUndefined();

      // The app reads listings with its own scanner (list-xml.ts): every field as the SDK reads it (the time as epoch
      // milliseconds).
      const sdk = await adminClient().send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
      expect(page.objects).toEqual(
        (sdk.Contents ?? []).map((o) => ({
          key: o.Key,
          size: o.Size,
          lastModified: o.LastModified?.getTime(),
          etag: o.ETag,
          storageClass: o.StorageClass,
        })),
      );
    });
  });

  it('goes into folders whose names S3 keeps verbatim (empty, dot-dot, leading slash, long)', async () => {
    await withTempBucket(async (bucket) => {
      await seed(bucket);
      const session = makeSession();
      const list = async (prefix: string) => {
        const page = await listObjectsPage(session, { bucket, prefix });
        return { folders: page.folders, keys: page.objects.map((o) => o.key) };
      };

      expect(await list('double/')).toEqual({ folders: ['double//'], keys: [] });
      expect(await list('double//')).toEqual({ folders: [], keys: ['double//slash.txt'] });
      expect(await list('/')).toEqual({ folders: [], keys: ['/leading.txt'] });
      expect(await list('../')).toEqual({ folders: [], keys: ['../dotdot.txt'] });
      expect(await list('k/')).toEqual({ folders: [], keys: [longKey] });
      expect(await list('docs/')).toEqual({ folders: ['docs/notes/'], keys: ['docs/readme.md'] });
    });
  });

  it('pages through 2,500 keys with nextToken: 3 pages, no duplicates, none missing', async () => {
    await withTempBucket(async (bucket) => {
      const keys = Array.from({ length: 2500 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
      await putObjects(
        bucket,
        keys.map((key) => [key, key] as [string, string]),
      );
      const session = makeSession();
      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const page = await listObjectsPage(session, { bucket, prefix: 'many/', token });
        pages.push(page.objects.map((o) => o.key));
        token = page.nextToken;
      } while (token && pages.length < 10);

      expect(pages.map((p) => p.length)).toEqual([1000, 1000, 500]);
      const seen = pages.flat();
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(keys);
    });
  });
});

describe('deleteEntries', () => {
  it('deletes named keys and every key under folders (2,600 keys, all pages), and nothing else', async () => {
    await withTempBucket(async (bucket) => {
      const inFolder = Array.from({ length: 2500 }, (_, i) => `gone/${String(i).padStart(4, '0')}`);
      const named = ['a b.txt', 'plus+sign.txt', 'a&b=c.txt'];
      const kept = ['gone.txt', 'gonex/keep', 'keep/x'];
      await putObjects(
        bucket,
        [...inFolder, ...named, ...kept, 'deep/'].map(
          (key) => [key, new Uint8Array(0)] as [string, Uint8Array],
        ),
      );
      await putObjects(
        bucket,
        Array.from({ length: 97 }, (_, i) => [`deep/${i}/x`, new Uint8Array(0)] as [string, Uint8Array]),
      );
      const progress: DeleteProgress[] = [];
      const result = await deleteEntries(
        makeSession(),
        bucket,
        // A key named twice, and one also inside a folder, is sent once.
        { keys: [...named, named[0], 'gone/0001'], prefixes: ['gone/', 'deep/'] },
        { onProgress: (p) => progress.push(p) },
      );

      expect(result).toEqual({ deleted: 2500 + 98 + 3, failures: [] });
      const left = await adminClient().send(new ListObjectsV2Command({ Bucket: bucket }));
      expect((left.Contents ?? []).map((o) => o.Key).sort()).toEqual([...kept].sort());
      const last = progress[progress.length - 1];
      expect(last).toEqual({ done: 2601, found: 2601, listing: false });
      // Progress counts up, and keys were being deleted while the folders were still listed.
      expect(progress.some((p) => p.listing && p.done > 0)).toBe(true);
      progress.slice(1).forEach((p, i) => expect(p.done).toBeGreaterThanOrEqual(progress[i].done));
    });
  });
});
