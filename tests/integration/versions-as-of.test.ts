import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { keysAsOf } from '../../src/s3/versions/as-of';
import { FolderRestoreJob, planFolderRestore } from '../../src/s3/versions/folder-restore';
import { listAllVersions } from '../../src/s3/versions/list-versions';
import { RELAY_REQUESTS_PATH } from '../../src/s3/relay-protocol';
import { bytesOf, exists, HARD_KEYS, publicRead } from './copy-helpers';
import { useRelayServer } from './relay-server';
import { makeSession, sandbox } from './sandbox';
import { putDeleteMarker, putVersion, setVersioning, withVersionedBucket } from './versions-helpers';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a key as of a moment, on histories RGW wrote', () => {
  it('each listed moment gives the entry written then, even with writes in the same second', async () => {
    await withVersionedBucket(async (bucket) => {
      // Written back to back: several share a second, some may share a millisecond.
      const ids = [
        await putVersion(bucket, 'fast.txt', '1'),
        await putDeleteMarker(bucket, 'fast.txt'),
        await putVersion(bucket, 'fast.txt', '3'),
        await putVersion(bucket, 'fast.txt', '4'),
      ];
      const versions = await listAllVersions(makeSession(), { bucket, prefix: '' });
      expect(versions.map((v) => v.versionId)).toEqual([...ids].reverse());
      for (const entry of versions) {
        const then = keysAsOf(versions, entry.lastModified)[0].then;
        const sameMoment = versions.filter((v) => v.lastModified.getTime() === entry.lastModified.getTime());
        // At a moment several entries share, the newest of them (listed first) is the one current then.
        const expected = sameMoment[0];
        expect(then?.versionId).toBe(expected.deleteMarker ? undefined : expected.versionId);
      }
      expect(
        keysAsOf(versions, new Date(versions.at(-1)!.lastModified.getTime() - 1))[0].then,
      ).toBeUndefined();
    });
  });

  it('follows suspended versioning, where the null version is written over', async () => {
    await withVersionedBucket(
      async (bucket) => {
        await putVersion(bucket, 'n.txt', 'before versioning');
        await setVersioning(bucket, 'Enabled');
        await pause(20);
        const v1 = await putVersion(bucket, 'n.txt', 'versioned');
        await setVersioning(bucket, 'Suspended');
        await pause(20);
        await putVersion(bucket, 'n.txt', 'suspended');
        const session = makeSession();
        const versions = await listAllVersions(session, { bucket, prefix: '' });
        const nullVersion = versions.find((v) => v.versionId === 'null')!;
        expect(versions.map((v) => v.versionId).sort()).toEqual([v1, 'null'].sort());
        const afterV1 = versions.find((v) => v.versionId === v1)!.lastModified.getTime();
        expect(keysAsOf(versions, new Date(afterV1))[0].then?.versionId).toBe(v1);
        const now = keysAsOf(versions, new Date(nullVersion.lastModified.getTime() + 1))[0];
        expect([now.then?.versionId, now.latest.versionId]).toEqual(['null', 'null']);
        // A delete while suspended is a null marker: the key is gone as of then.
        await putDeleteMarker(bucket, 'n.txt');
        const deleted = await listAllVersions(session, { bucket, prefix: '' });
        expect(keysAsOf(deleted, new Date(Date.now() + 60_000))[0].then).toBeUndefined();
        expect(keysAsOf(deleted, new Date(afterV1))[0].then?.versionId).toBe(v1);
      },
      { versioning: false },
    );
  });
});

describe('restoring a folder to a moment', () => {
  it('plans from tricky histories: a marker between versions, a null version from before versioning', async () => {
    await withVersionedBucket(
      async (bucket) => {
        await putVersion(bucket, 'h/old.txt', 'null then');
        await setVersioning(bucket, 'Enabled');
        await putVersion(bucket, 'h/gap.txt', 'gap one');
        await putDeleteMarker(bucket, 'h/gap.txt');
        await pause(1100);
        const moment = new Date();
        await pause(1100);
        await putVersion(bucket, 'h/gap.txt', 'gap written again');
        await putVersion(bucket, 'h/old.txt', 'versioned later');
        const session = makeSession();
        const plan = await planFolderRestore(session, { bucket, prefix: 'h/', time: moment });
        // Deleted at that moment (its marker sat between two versions): absent then, not restored.
        expect(plan.absentThen.map((k) => k.key)).toEqual(['h/gap.txt']);
        expect(plan.restore.map((r) => [r.key, r.version.versionId])).toEqual([['h/old.txt', 'null']]);
        const done = await new FolderRestoreJob({ session, bucket, plan, hideAbsent: true }).start();
        expect(done).toMatchObject({ status: 'done', keys: { done: 2, failed: 0 } });
        expect((await bytesOf(bucket, 'h/old.txt')).toString()).toBe('null then');
        expect(await exists(bucket, 'h/gap.txt')).toBe(false);
        // Every version is still there: the null one, the later ones, and the new marker on top of gap.txt.
        const versions = await listAllVersions(session, { bucket, prefix: 'h/' });
        expect(versions.filter((v) => !v.deleteMarker)).toHaveLength(5);
      },
      { versioning: false },
    );
  }, 60_000);

  it('plans N restored, M unchanged, K created later, runs it with progress, and a second plan finds nothing', async () => {
    await withVersionedBucket(async (bucket) => {
      await putVersion(bucket, 'photos/a.jpg', 'a then');
      await putVersion(bucket, 'photos/b.jpg', 'b then');
      await putVersion(bucket, 'photos/c.jpg', 'c always');
      await putVersion(bucket, 'photos/deep/d.jpg', 'd then');
      await putVersion(bucket, 'other/x.jpg', 'outside the folder');
      await pause(1100);
      const moment = new Date();
      await pause(1100);
      await putVersion(bucket, 'photos/a.jpg', 'a later');
      await putDeleteMarker(bucket, 'photos/b.jpg');
      await putVersion(bucket, 'photos/deep/d.jpg', 'd later');
      await putVersion(bucket, 'photos/new.jpg', 'created after');
      await putVersion(bucket, 'photos/sp ace & +.jpg', 'hard key, created after');

      const session = makeSession();
      const plan = await planFolderRestore(session, { bucket, prefix: 'photos/', time: moment });
      expect(plan.restore.map((r) => r.key)).toEqual(['photos/a.jpg', 'photos/b.jpg', 'photos/deep/d.jpg']);
      expect(plan.unchanged).toBe(1);
      expect(plan.absentThen.map((k) => k.key)).toEqual(['photos/new.jpg', 'photos/sp ace & +.jpg']);

      const job = new FolderRestoreJob({ session, bucket, plan, hideAbsent: true, notifyMs: 0 });
      const seen: number[] = [];
      job.subscribe(() => seen.push(job.getSnapshot().keys.done));
      const done = await job.start();
      expect(done).toMatchObject({ status: 'done', keys: { done: 5, total: 5, failed: 0 } });
      expect(Math.max(...seen)).toBe(5);
      expect((await bytesOf(bucket, 'photos/a.jpg')).toString()).toBe('a then');
      expect((await bytesOf(bucket, 'photos/b.jpg')).toString()).toBe('b then');
      expect((await bytesOf(bucket, 'photos/deep/d.jpg')).toString()).toBe('d then');
      expect((await bytesOf(bucket, 'other/x.jpg')).toString()).toBe('outside the folder');
      // Hidden, not deleted: their versions are still there under a delete marker.
      expect(await exists(bucket, 'photos/new.jpg')).toBe(false);
      const kept = await listAllVersions(session, { bucket, prefix: 'photos/new.jpg' });
      expect(kept.map((v) => v.deleteMarker)).toEqual([true, false]);

      const again = await planFolderRestore(session, { bucket, prefix: 'photos/', time: moment });
      expect([again.restore.length, again.absentThen.length, again.unchanged]).toEqual([0, 0, 6]);
    });
  }, 60_000);

  it('a cancelled restore reports what is left, and a retry finishes it', async () => {
    await withVersionedBucket(async (bucket) => {
      for (let i = 0; i < 12; i++) await putVersion(bucket, `f/${i}.txt`, `old ${i}`);
      await pause(1100);
      const moment = new Date();
      await pause(1100);
      for (let i = 0; i < 12; i++) await putVersion(bucket, `f/${i}.txt`, `new ${i}`);
      const session = makeSession();
      const plan = await planFolderRestore(session, { bucket, prefix: 'f/', time: moment });
      const job = new FolderRestoreJob({ session, bucket, plan, hideAbsent: false, concurrency: 1 });
      const running = job.start();
      job.cancel();
      const stopped = await running;
      expect(stopped.status).toBe('cancelled');
      expect(stopped.keys.failed).toBeGreaterThan(0);
      expect(stopped.failures[0].error.kind).toBe('aborted');
      const finished = await job.retryFailed();
      expect(finished).toMatchObject({ status: 'done', keys: { done: 12, failed: 0 } });
      for (let i = 0; i < 12; i++) expect((await bytesOf(bucket, `f/${i}.txt`)).toString()).toBe(`old ${i}`);
    });
  }, 60_000);
});

describe('restoring a folder through the relay', () => {
  const relay = useRelayServer();

  it('sends the copies and ACL reads many per request (the request batch lane), hard keys and a public one right', async () => {
    await withVersionedBucket(async (bucket) => {
      const keys = HARD_KEYS.map((key) => `f/${key}`);
      for (const key of keys) await putVersion(bucket, key, `old ${key}`);
      await putVersion(bucket, 'f/public.txt', 'old public', { ACL: 'public-read' });
      await pause(1100);
      const moment = new Date();
      await pause(1100);
      for (const key of [...keys, 'f/public.txt']) await putVersion(bucket, key, 'new');
      const session = makeSession({
        transport: 'relay',
        relay: { relay: true, allowedEndpoints: [sandbox().endpoint] },
        origin: relay.origin,
      });
      expect(session.batchesRequests).toBe(true);
      const plan = await planFolderRestore(session, { bucket, prefix: 'f/', time: moment });
      const fetched = vi.spyOn(globalThis, 'fetch');
      onTestFinished(() => fetched.mockRestore());
      const done = await new FolderRestoreJob({ session, bucket, plan, hideAbsent: false }).start();
      expect(done).toMatchObject({ status: 'done', keys: { done: keys.length + 1, failed: 0 } });
      const batches = fetched.mock.calls.filter(([url]) => String(url).endsWith(RELAY_REQUESTS_PATH));
      expect(batches.length).toBeGreaterThan(0);
      expect(batches.length).toBeLessThan(keys.length);
      for (const key of keys) expect((await bytesOf(bucket, key)).toString()).toBe(`old ${key}`);
      expect(await publicRead(bucket, 'f/public.txt')).toBe(true);
    });
  }, 60_000);
});
