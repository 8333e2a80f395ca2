// Editing an object's headers, metadata and tags in place: a copy onto itself with REPLACE, which on RGW 16 drops
// tags and ACL unless they are put back.
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { replaceHeaders, saveTags } from '../../src/s3/copy/edit-headers';
import { bytesOf, publicRead, tagsOf } from './copy-helpers';
import { adminClient, makeSession, rejection, withTempBucket } from './sandbox';

describe('editing headers and tags against RGW', () => {
  it('replaces Content-Type and metadata, keeping bytes, tags and the public grant', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      const key = 'docs/a b+ü.txt';
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: 'hello',
          ContentType: 'application/octet-stream',
          Metadata: { old: '1' },
          Tagging: 'keep=yes',
          ACL: 'public-read',
        }),
      );
      const before = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      await replaceHeaders(
        makeSession(),
        { bucket, key },
        { contentType: 'text/plain; charset=utf-8', cacheControl: 'max-age=300', metadata: { owner: 'ann' } },
        { expectedEtag: before.ETag },
      );
      const after = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(after).toMatchObject({
        ContentType: 'text/plain; charset=utf-8',
        CacheControl: 'max-age=300',
        Metadata: { owner: 'ann' },
      });
      expect((await bytesOf(bucket, key)).toString()).toBe('hello');
      expect(await tagsOf(bucket, key)).toEqual([{ Key: 'keep', Value: 'yes' }]);
      expect(await publicRead(bucket, key)).toBe(true);
    });
  });

  it('refuses when the object changed since it was shown, and saves and removes tags', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x.txt', Body: 'v1' }));
      const shown = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'x.txt' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'x.txt', Body: 'v2' }));
      const session = makeSession();
      const error = await rejection(
        replaceHeaders(session, { bucket, key: 'x.txt' }, { metadata: {} }, { expectedEtag: shown.ETag }),
      );
      expect(error.kind).toBe('source-changed');

      await saveTags(session, { bucket, key: 'x.txt' }, [{ Key: 'a', Value: '1' }]);
      expect(await tagsOf(bucket, 'x.txt')).toEqual([{ Key: 'a', Value: '1' }]);
      const duplicate = await rejection(
        saveTags(session, { bucket, key: 'x.txt' }, [
          { Key: 'a', Value: '1' },
          { Key: 'a', Value: '2' },
        ]),
      );
      expect(duplicate.kind).toBe('invalid-headers');
      await saveTags(session, { bucket, key: 'x.txt' }, []);
      expect(await tagsOf(bucket, 'x.txt')).toEqual([]);
    });
  });
});
