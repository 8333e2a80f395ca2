// Saving edited text: a conditional PUT that keeps what S3 stores with the object (RGW wants If-Match unquoted).
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { keepBothKey } from '../../src/s3/copy/keep-both';
import { openTextObject, saveTextObject } from '../../src/s3/copy/save-text';
import { EDIT_TEXT_MAX_BYTES } from '../../src/s3/preview-kind';
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

  it('opens text whole with its ETag, and refuses what saving would corrupt: compressed, not UTF-8, too large', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      const put = (Key: string, Body: string | Uint8Array, extra = {}) =>
        s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body, ContentType: 'text/plain', ...extra }));
      const stored = await put('a?b #ü.txt', 'grüße\n');
      const session = makeSession();
      expect(await openTextObject(session, { bucket, key: 'a?b #ü.txt' })).toEqual({
        text: 'grüße\n',
        etag: stored.ETag!.replace(/"/g, ''),
      });
      await put('gz.txt', 'x', { ContentEncoding: 'gzip' });
      await put('latin1.txt', Uint8Array.of(0x67, 0x72, 0xfc, 0xdf, 0x65));
      await put('big.txt', 'x'.repeat(EDIT_TEXT_MAX_BYTES + 1));
      expect((await rejection(openTextObject(session, { bucket, key: 'gz.txt' }))).message).toMatch(
        /stored compressed \(Content-Encoding: gzip\)/,
      );
      expect((await rejection(openTextObject(session, { bucket, key: 'latin1.txt' }))).message).toMatch(
        /not UTF-8 text/,
      );
      const big = await rejection(openTextObject(session, { bucket, key: 'big.txt' }));
      expect(big).toMatchObject({ kind: 'too-large', message: expect.stringMatching(/larger than 1 MiB/) });
    });
  });
});
