import crypto from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { MiB } from '../../src/s3/upload/part-plan';
import { listAllVersions } from '../../src/s3/versions/list-versions';
import { restoreVersion } from '../../src/s3/versions/version-actions';
import { bytesOf, tagsOf } from './copy-helpers';
import { adminClient, makeSession } from './sandbox';
import { putVersion, withVersionedBucket } from './versions-helpers';

describe('restore of a version above the copy threshold', () => {
  // The threshold is tuned down so 11 MiB stands for a version over CopyObject's 5 GiB limit.
  it('copies that version in UploadPartCopy parts, headers and tags included, nothing deleted', async () => {
    await withVersionedBucket(async (bucket) => {
      const key = 'big dir/ré sumé+?.bin';
      const body = crypto.randomBytes(11 * MiB);
      const old = await adminClient().send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: 'application/x-old',
          Metadata: { stage: 'first' },
          Tagging: 'keep=yes',
        }),
      );
      const newer = await putVersion(bucket, key, 'small and new');
      const session = makeSession();

      await restoreVersion(
        session,
        { bucket, key, versionId: old.VersionId!, size: body.length },
        undefined,
        { tuning: { multipartThreshold: 5 * MiB, partSize: 5 * MiB } },
      );

      expect(Buffer.compare(await bytesOf(bucket, key), body)).toBe(0);
      const head = await adminClient().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      // Three parts: the copy went through UploadPartCopy, not one CopyObject (which keeps a plain ETag).
      expect(head.ETag).toMatch(/-3"?$/);
      expect([head.ContentType, head.Metadata]).toEqual(['application/x-old', { stage: 'first' }]);
      expect(await tagsOf(bucket, key)).toEqual([{ Key: 'keep', Value: 'yes' }]);
      const history = await listAllVersions(session, { bucket, prefix: key });
      expect(history.map((v) => v.versionId).slice(1)).toEqual([newer, old.VersionId]);
    });
  });
});
