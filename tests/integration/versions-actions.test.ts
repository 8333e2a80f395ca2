import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectAclCommand,
  PutObjectLegalHoldCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { listAllVersions } from '../../src/s3/versions/list-versions';
import { readVersionLock } from '../../src/s3/versions/object-lock';
import type { S3Session } from '../../src/s3/session';
import { UndeleteJob } from '../../src/s3/versions/undelete-job';
import { deleteVersion, restoreVersion } from '../../src/s3/versions/version-actions';
import { bytesOf, exists, HARD_KEYS, publicRead, tagsOf } from './copy-helpers';
import { adminClient, makeSession, rejection } from './sandbox';
import { putDeleteMarker, putVersion, setVersioning, withVersionedBucket } from './versions-helpers';

const text = async (bucket: string, key: string, versionId?: string) => {
  const out = await adminClient().send(
    new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }),
  );
  return out.Body!.transformToString();
};

const undelete = (session: S3Session, bucket: string, key: string) =>
  new UndeleteJob({ session, bucket, keys: [key] }).start();

describe('restore, undelete, delete a version', () => {
  it('a key with 3 versions and a delete marker: undelete, restore the first, delete the second', async () => {
    await withVersionedBucket(async (bucket) => {
      const key = 'report.txt';
      const v1 = await putVersion(bucket, key, 'one', {
        ContentType: 'text/x-first',
        Metadata: { author: 'ann' },
        Tagging: 'stage=draft',
      });
      await adminClient().send(
        new PutObjectAclCommand({ Bucket: bucket, Key: key, VersionId: v1, ACL: 'public-read' }),
      );
      const v2 = await putVersion(bucket, key, 'two', { ContentType: 'text/plain' });
      const v3 = await putVersion(bucket, key, 'three');
      const marker = await putDeleteMarker(bucket, key);
      const session = makeSession();
      expect(await exists(bucket, key)).toBe(false);

      const undeleted = await undelete(session, bucket, key);
      expect(undeleted).toMatchObject({ status: 'done', keys: { done: 1, failed: 0 } });
      expect(await text(bucket, key)).toBe('three');
      expect((await listAllVersions(session, { bucket, prefix: key })).map((v) => v.versionId)).not.toContain(
        marker,
      );

      await restoreVersion(session, { bucket, key, versionId: v1 });
      expect(await text(bucket, key)).toBe('one');
      const head = await adminClient().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect([head.ContentType, head.Metadata]).toEqual(['text/x-first', { author: 'ann' }]);
      expect(await tagsOf(bucket, key)).toEqual([{ Key: 'stage', Value: 'draft' }]);
      expect(await publicRead(bucket, key)).toBe(true);
      // Nothing deleted: the three versions are there, and the restored copy on top.
      const after = await listAllVersions(session, { bucket, prefix: key });
      expect(after.slice(1).map((v) => v.versionId)).toEqual([v3, v2, v1]);
      expect(after[0]).toMatchObject({ isLatest: true, deleteMarker: false, size: 3 });

      await deleteVersion(session, { bucket, key, versionId: v2 });
      expect((await listAllVersions(session, { bucket, prefix: key })).map((v) => v.versionId)).not.toContain(
        v2,
      );
      expect(await text(bucket, key)).toBe('one');
    });
  });

  it('undelete removes only the markers on top, and refuses a key with no history', async () => {
    await withVersionedBucket(async (bucket) => {
      await putVersion(bucket, 'twice.txt', 'kept');
      await putDeleteMarker(bucket, 'twice.txt');
      // Deleted again: a server may put a second marker on the first one (RGW 16 does not).
      await putDeleteMarker(bucket, 'twice.txt');
      await putVersion(bucket, 'twice.txt.bak', 'other key with the same start');
      const session = makeSession();
      expect(await undelete(session, bucket, 'twice.txt')).toMatchObject({ status: 'done' });
      expect(await text(bucket, 'twice.txt')).toBe('kept');
      expect(await text(bucket, 'twice.txt.bak')).toBe('other key with the same start');
      const versions = await listAllVersions(session, { bucket, prefix: 'twice.txt' });
      expect(versions.filter((v) => v.deleteMarker)).toEqual([]);
      // Not deleted any more: nothing to do, nothing asked of the server but a listing.
      expect(await undelete(session, bucket, 'twice.txt')).toMatchObject({ status: 'done' });
      const never = await undelete(session, bucket, 'never');
      expect(never.failures.map((f) => [f.key, f.error.kind])).toEqual([['never', 'no-such-key']]);
    });
  });

  it('restores, undeletes and deletes versions of hard keys', async () => {
    await withVersionedBucket(async (bucket) => {
      const session = makeSession();
      for (const key of HARD_KEYS) {
        const v1 = await putVersion(bucket, key, `${key} one`);
        const v2 = await putVersion(bucket, key, `${key} two`);
        await putVersion(bucket, key, `${key} three`);
        await putDeleteMarker(bucket, key);
        expect(await undelete(session, bucket, key)).toMatchObject({ status: 'done' });
        await restoreVersion(session, { bucket, key, versionId: v1 });
        expect((await bytesOf(bucket, key)).toString()).toBe(`${key} one`);
        await deleteVersion(session, { bucket, key, versionId: v2 });
        const ids = (await listAllVersions(session, { bucket, prefix: key }))
          .filter((v) => v.key === key)
          .map((v) => v.versionId);
        expect(ids).toHaveLength(3);
        expect(ids).not.toContain(v2);
      }
    });
  }, 60_000);

  it('restores a null version from before versioning', async () => {
    await withVersionedBucket(
      async (bucket) => {
        await putVersion(bucket, 'old.txt', 'before versioning');
        await setVersioning(bucket, 'Enabled');
        await putVersion(bucket, 'old.txt', 'after');
        const session = makeSession();
        const versions = await listAllVersions(session, { bucket, prefix: '' });
        expect(versions.map((v) => v.versionId).at(-1)).toBe('null');
        await restoreVersion(session, { bucket, key: 'old.txt', versionId: 'null' });
        expect(await text(bucket, 'old.txt')).toBe('before versioning');
      },
      { versioning: false },
    );
  });
});

describe('object lock', () => {
  it('a delete refused by retention or legal hold says why, and nothing is deleted', async () => {
    await withVersionedBucket(
      async (bucket) => {
        const until = new Date(Date.now() + 24 * 3600_000);
        const retained = await putVersion(bucket, 'retained.txt', 'r', {
          ObjectLockMode: 'GOVERNANCE',
          ObjectLockRetainUntilDate: until,
        });
        const held = await putVersion(bucket, 'held.txt', 'h');
        await adminClient().send(
          new PutObjectLegalHoldCommand({
            Bucket: bucket,
            Key: 'held.txt',
            VersionId: held,
            LegalHold: { Status: 'ON' },
          }),
        );
        const session = makeSession();
        expect(
          await readVersionLock(session, { bucket, key: 'retained.txt', versionId: retained }),
        ).toMatchObject({
          retention: { mode: 'GOVERNANCE' },
          legalHold: false,
        });

        const refusal = await rejection(
          deleteVersion(session, { bucket, key: 'retained.txt', versionId: retained }),
        );
        expect(refusal.kind).toBe('object-locked');
        expect(refusal.message).toContain('retained until');
        expect(refusal.message).toContain('GOVERNANCE');
        const hold = await rejection(deleteVersion(session, { bucket, key: 'held.txt', versionId: held }));
        expect(hold.kind).toBe('object-locked');
        expect(hold.message).toContain('legal hold');
        expect(await text(bucket, 'retained.txt', retained)).toBe('r');
        expect(await text(bucket, 'held.txt', held)).toBe('h');
      },
      { objectLock: true },
    );
  });
});
