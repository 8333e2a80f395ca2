import { describe, expect, it } from 'vitest';
import { listAllVersions, listVersionsPage, versionPages } from '../../src/s3/versions/list-versions';
import { HARD_KEYS } from './copy-helpers';
import { makeSession, putObjects } from './sandbox';
import { putDeleteMarker, putVersion, withVersionedBucket } from './versions-helpers';

describe('listing versions', () => {
  it('reads every version of a few thousand across short, uneven pages, none twice (2,000)', async () => {
    await withVersionedBucket(async (bucket) => {
      const keys = Array.from({ length: 400 }, (_, i) => `many/k${String(i).padStart(4, '0')}`);
      for (let round = 0; round < 5; round++)
        await putObjects(
          bucket,
          keys.map((k) => [k, `${k}#${round}`]),
        );
      const session = makeSession();
      const sizes: number[] = [];
      const seen = new Map<string, number>();
      for await (const page of versionPages(session, {
        bucket,
        prefix: 'many/',
        delimiter: '',
        maxKeys: 300,
      })) {
        sizes.push(page.versions.length);
        for (const v of page.versions) {
          const id = `${v.key}\n${v.versionId}`;
          seen.set(id, (seen.get(id) ?? 0) + 1);
        }
      }
      expect(seen.size).toBe(2000);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      // Pages of at most 300 (RGW's may come shorter and uneven), a key's versions split across pages.
      expect(sizes.length).toBeGreaterThanOrEqual(7);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(300);
    });
  }, 120_000);

  it('gives each key newest first, delete markers in their place, ids as the server gave them', async () => {
    await withVersionedBucket(async (bucket) => {
      const v1 = await putVersion(bucket, 'doc.txt', 'one');
      const v2 = await putVersion(bucket, 'doc.txt', 'two');
      const v3 = await putVersion(bucket, 'doc.txt', 'three');
      const marker = await putDeleteMarker(bucket, 'doc.txt');
      await putVersion(bucket, 'sub/inner.txt', 'x');
      const session = makeSession();
      const page = await listVersionsPage(session, { bucket, prefix: '' });
      expect(page.folders).toEqual(['sub/']);
      expect(page.versions.map((v) => [v.versionId, v.deleteMarker, v.isLatest, v.size])).toEqual([
        [marker, true, true, 0],
        [v3, false, false, 5],
        [v2, false, false, 3],
        [v1, false, false, 3],
      ]);
      expect(v1).toMatch(/^[A-Za-z0-9.-]+$/);
    });
  });

  it('lists hard keys (spaces, + % # ? &, unicode, //) with each of their versions', async () => {
    await withVersionedBucket(async (bucket) => {
      for (const key of HARD_KEYS) {
        await putVersion(bucket, key, `${key} 1`);
        await putVersion(bucket, key, `${key} 2`);
      }
      const versions = await listAllVersions(makeSession(), { bucket, prefix: '' });
      expect(versions.map((v) => v.key)).toEqual(
        [...HARD_KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).flatMap((k) => [k, k]),
      );
      const folder = await listVersionsPage(makeSession(), { bucket, prefix: 'double/' });
      expect(folder.folders).toEqual(['double//']);
    });
  });
});
