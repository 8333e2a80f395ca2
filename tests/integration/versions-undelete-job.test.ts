import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { listAllVersions } from '../../src/s3/versions/list-versions';
import { UndeleteJob } from '../../src/s3/versions/undelete-job';
import { bytesOf, exists, HARD_KEYS } from './copy-helpers';
import { adminClient, makeSession } from './sandbox';
import { putDeleteMarker, putVersion, withVersionedBucket } from './versions-helpers';

/** Runs `fn` over `items`, `width` at a time: seeding many keys without one request after another. */
async function eachAtOnce<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

describe('DeleteObjects with version ids (RGW 16)', () => {
  it('removes the named delete marker and only it: the key is back with every version', async () => {
    await withVersionedBucket(async (bucket) => {
      const v1 = await putVersion(bucket, 'a.txt', 'one');
      const v2 = await putVersion(bucket, 'a.txt', 'two');
      const marker = await putDeleteMarker(bucket, 'a.txt');
      const kept = await putVersion(bucket, 'b.txt', 'b');
      const out = await adminClient().send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: [{ Key: 'a.txt', VersionId: marker }] },
        }),
      );
      expect(out.Errors ?? []).toEqual([]);
      expect(out.Deleted).toMatchObject([{ Key: 'a.txt', VersionId: marker, DeleteMarker: true }]);
      const versions = await listAllVersions(makeSession(), { bucket, prefix: '' });
      // The version id was honoured: no new marker was put, the named one went, the versions stayed.
      expect(versions.map((v) => [v.key, v.versionId, v.deleteMarker])).toEqual([
        ['a.txt', v2, false],
        ['a.txt', v1, false],
        ['b.txt', kept, false],
      ]);
      expect((await bytesOf(bucket, 'a.txt')).toString()).toBe('two');
    });
  });
});

describe('undelete as a job', () => {
  it('removes the markers on top of each key (stacked ones too), leaves the rest, names a key with no history', async () => {
    await withVersionedBucket(async (bucket) => {
      const hard = HARD_KEYS.slice(0, 3).map((key) => `d/${key}`);
      for (const key of ['d/one.txt', 'd/twice.txt', 'd/alive.txt', 'd/again.txt', ...hard]) {
        await putVersion(bucket, key, `data of ${key}`);
      }
      await putVersion(bucket, 'd/one.txt', 'newest of one');
      for (const key of ['d/one.txt', 'd/twice.txt', 'd/twice.txt', 'd/again.txt', ...hard]) {
        await putDeleteMarker(bucket, key);
      }
      await putVersion(bucket, 'd/again.txt', 'written again');
      const session = makeSession();
      const keys = ['d/one.txt', 'd/twice.txt', 'd/alive.txt', 'd/again.txt', 'd/never.txt', ...hard];
      const job = new UndeleteJob({ session, bucket, keys, notifyMs: 0 });
      const done = await job.start();

      expect(done.status).toBe('failed');
      expect(done.keys).toEqual({ done: keys.length - 1, total: keys.length, failed: 1 });
      expect(done.failures.map((f) => [f.key, f.error.kind])).toEqual([['d/never.txt', 'no-such-key']]);
      expect(done.failures[0].error.message).toContain('d/never.txt');
      expect((await bytesOf(bucket, 'd/one.txt')).toString()).toBe('newest of one');
      expect((await bytesOf(bucket, 'd/twice.txt')).toString()).toBe('data of d/twice.txt');
      expect((await bytesOf(bucket, 'd/again.txt')).toString()).toBe('written again');
      for (const key of hard) expect((await bytesOf(bucket, key)).toString()).toBe(`data of ${key}`);
      // Only markers went: every version written is still there; the marker under "again" too (not on top).
      const versions = await listAllVersions(session, { bucket, prefix: '' });
      expect(versions.filter((v) => !v.deleteMarker)).toHaveLength(4 + 1 + hard.length + 1);
      expect(versions.filter((v) => v.deleteMarker).map((v) => v.key)).toEqual(['d/again.txt']);
    });
  }, 60_000);

  it('undeletes hundreds of keys in a few requests; a cancel leaves failures that a retry finishes', async () => {
    await withVersionedBucket(async (bucket) => {
      const keys = Array.from({ length: 300 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
      await eachAtOnce(keys, 16, (key) => putVersion(bucket, key, key));
      await eachAtOnce(keys, 16, (key) => putDeleteMarker(bucket, key));
      const session = makeSession();
      const job = new UndeleteJob({ session, bucket, keys, notifyMs: 0 });
      const running = job.start();
      job.cancel();
      const stopped = await running;
      expect(stopped.status).toBe('cancelled');
      expect(stopped.keys.failed).toBeGreaterThan(0);
      expect(stopped.failures[0].error.kind).toBe('aborted');

      const finished = await job.retryFailed();
      expect(finished).toMatchObject({ status: 'done', keys: { done: 300, total: 300, failed: 0 } });
      for (const key of [keys[0], keys[149], keys[299]]) expect(await exists(bucket, key)).toBe(true);
      const versions = await listAllVersions(session, { bucket, prefix: 'many/' });
      expect(versions.filter((v) => v.deleteMarker)).toEqual([]);
      expect(versions).toHaveLength(300);
    });
  }, 120_000);
});
