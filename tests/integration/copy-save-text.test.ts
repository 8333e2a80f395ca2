// Saving edited text: a conditional PUT that keeps what S3 stores with the object (RGW wants If-Match unquoted).
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { keepBothKey } from '../../src/s3/copy/keep-both';
import { saveTextObject } from '../../src/s3/copy/save-text';
import { bytesOf, publicRead, tagsOf } from './copy-helpers';
import { adminClient, makeSession, rejection, withTempBucket } from './sandbox';

const NOTE = {
  ContentType: 'text/markdown; charset=utf-8',
  CacheControl: 'no-store',
  Metadata: { author: 'ann' },
  Tagging: 'draft=1',
  ACL: 'public-read',
} as const;

describe('saveTextObject against RGW', () => {
  it('saves over the opened version, keeping headers, metadata, tags and the public grant', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'notes/a b.md', Body: '# v1', ...NOTE }));
      const opened = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'notes/a b.md' }));
      await saveTextObject(makeSession(), { bucket, key: 'notes/a b.md' }, '# v2 ü', {
        expectedEtag: opened.ETag,
      });
      expect((await bytesOf(bucket, 'notes/a b.md')).toString()).toBe('# v2 ü');
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'notes/a b.md' }));
      expect(head).toMatchObject({
        ContentType: NOTE.ContentType,
        CacheControl: 'no-store',
        Metadata: { author: 'ann' },
      });
      expect(await tagsOf(bucket, 'notes/a b.md')).toEqual([{ Key: 'draft', Value: '1' }]);
      expect(await publicRead(bucket, 'notes/a b.md')).toBe(true);
    });
  });

  it('refuses when the object changed, even between the check and the PUT (If-Match), then saves as a copy', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'n.md', Body: 'v1', ...NOTE }));
      const opened = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'n.md' }));
      const session = makeSession();
      const send = session.send.bind(session);
      // Someone saves right before our PUT leaves.
      const spy = vi.spyOn(session, 'send').mockImplementation(async (command, target) => {
        if (command instanceof PutObjectCommand) {
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'n.md', Body: 'theirs' }));
        }
        return send(command, target);
      });
      const error = await rejection(
        saveTextObject(session, { bucket, key: 'n.md' }, 'mine', { expectedEtag: opened.ETag }),
      );
      expect(error.kind).toBe('source-changed');
      expect(error.message).toContain('"n.md" changed since it was opened');
      expect((await bytesOf(bucket, 'n.md')).toString()).toBe('theirs');
      spy.mockRestore();

      const exists = await rejection(
        saveTextObject(session, { bucket, key: 'n.md' }, 'mine', { createOnly: true }),
      );
      expect(exists.message).toContain('already exists');
      const copy = keepBothKey('n.md', 1);
      await saveTextObject(session, { bucket, key: copy }, 'mine', {
        createOnly: true,
        keepFrom: { bucket, key: 'n.md' },
      });
      expect((await bytesOf(bucket, copy)).toString()).toBe('mine');
    });
  });
});
