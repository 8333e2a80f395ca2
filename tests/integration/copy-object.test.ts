// The one-object copy engine against the real RGW: what a copy carries, RGW 16's traps, and the checks that
// refuse a changed source.
import crypto from 'node:crypto';
import {
  CopyObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { requireSourceEtag } from '../../src/s3/copy/copy-condition';
import { copyObject } from '../../src/s3/copy/copy-object';
import { encodeCopySource } from '../../src/s3/copy/keys';
import { MiB } from '../../src/s3/upload/part-plan';
import { bytesOf, exists, HARD_KEYS, publicRead, tagsOf } from './copy-helpers';
import { adminClient, makeSession, putObjects, rejection, withTempBucket } from './sandbox';

const SMALL_PARTS = { multipartThreshold: 5 * MiB, partSize: 5 * MiB };

const STORED = {
  ContentType: 'text/x-report; charset=utf-8',
  CacheControl: 'max-age=60',
  ContentDisposition: 'attachment; filename="r.txt"',
  ContentEncoding: 'identity',
  ContentLanguage: 'fr',
  Metadata: { author: 'zoe', project: 'x-1' },
  Tagging: 'team=blue&state=final',
};

async function expectCarried(bucket: string, key: string, wantPublic: boolean) {
  const head = await adminClient().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  expect(head.ContentType).toBe(STORED.ContentType);
  expect(head.CacheControl).toBe(STORED.CacheControl);
  expect(head.ContentDisposition).toBe(STORED.ContentDisposition);
  expect(head.ContentEncoding).toBe(STORED.ContentEncoding);
  expect(head.ContentLanguage).toBe(STORED.ContentLanguage);
  expect(head.Metadata).toEqual(STORED.Metadata);
  expect(await tagsOf(bucket, key)).toEqual(
    expect.arrayContaining([
      { Key: 'team', Value: 'blue' },
      { Key: 'state', Value: 'final' },
    ]),
  );
  expect(await publicRead(bucket, key)).toBe(wantPublic);
}

describe('copyObject against RGW', () => {
  it('carries headers, metadata, tags and a public-read grant across buckets; a private object stays private', async () => {
    await withTempBucket(async (from) => {
      await withTempBucket(async (to) => {
        const s3 = adminClient();
        await s3.send(
          new PutObjectCommand({
            Bucket: from,
            Key: 'pub.txt',
            Body: 'public',
            ACL: 'public-read',
            ...STORED,
          }),
        );
        await s3.send(new PutObjectCommand({ Bucket: from, Key: 'priv.txt', Body: 'private', ...STORED }));
        const session = makeSession();
        const outcome = await copyObject({
          session,
          source: { bucket: from, key: 'pub.txt' },
          destination: { bucket: to, key: 'x/pub.txt' },
        });
        expect(outcome.size).toBe(6);
        expect(outcome.destinationEtag).toBe(outcome.sourceEtag);
        await expectCarried(to, 'x/pub.txt', true);
        await copyObject({
          session,
          source: { bucket: from, key: 'priv.txt' },
          destination: { bucket: to, key: 'priv.txt' },
        });
        await expectCarried(to, 'priv.txt', false);
        expect((await bytesOf(to, 'priv.txt')).toString()).toBe('private');
      });
    });
  });

  it('copies above the threshold in UploadPartCopy parts, verified, with everything carried', async () => {
    await withTempBucket(async (bucket) => {
      const body = crypto.randomBytes(12 * MiB + 123);
      await adminClient().send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'big src.bin',
          Body: body,
          ACL: 'public-read',
          ...STORED,
        }),
      );
      const progress: number[] = [];
      const outcome = await copyObject({
        session: makeSession(),
        source: { bucket, key: 'big src.bin' },
        destination: { bucket, key: 'copies/big ü.bin' },
        tuning: { ...SMALL_PARTS, partConcurrency: 2 },
        onProgress: (bytes) => progress.push(bytes),
      });
      expect(outcome.destinationEtag).toMatch(/-3$/);
      expect(progress.at(-1)).toBe(body.length);
      expect((await bytesOf(bucket, 'copies/big ü.bin')).equals(body)).toBe(true);
      await expectCarried(bucket, 'copies/big ü.bin', true);
    });
  });

  it('copies every hard key to itself elsewhere, never a neighbour (CopySource encoded per segment)', async () => {
    await withTempBucket(async (bucket) => {
      // Decoys: what a badly encoded CopySource would silently copy instead.
      await putObjects(bucket, [
        ['pctA.txt', 'decoy'],
        ['q', 'decoy'],
        ...HARD_KEYS.map((key) => [key, `body of ${key}`] as [string, string]),
      ]);
      const session = makeSession();
      for (const key of HARD_KEYS) {
        await copyObject({ session, source: { bucket, key }, destination: { bucket, key: `copy/${key}` } });
        expect((await bytesOf(bucket, `copy/${key}`)).toString()).toBe(`body of ${key}`);
      }
    });
  });

  it('refuses a source that changed since it was listed, naming it, and writes nothing', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc/plan.txt', Body: 'v1' }));
      const listed = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doc/plan.txt' }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc/plan.txt', Body: 'v2!' }));
      const error = await rejection(
        copyObject({
          session: makeSession(),
          source: { bucket, key: 'doc/plan.txt' },
          destination: { bucket, key: 'plan.txt' },
          expected: { etag: listed.ETag, size: 2 },
        }),
      );
      expect(error.kind).toBe('source-changed');
      expect(error.message).toContain('"plan.txt"');
      expect(await exists(bucket, 'plan.txt')).toBe(false);
    });
  });

  it('RGW honours x-amz-copy-if-match on CopyObject (the SDK’s own name is ignored): a wrong ETag is 412', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['a.txt', 'a']]);
      const session = makeSession();
      const command = new CopyObjectCommand({
        Bucket: bucket,
        Key: 'b.txt',
        CopySource: encodeCopySource(bucket, 'a.txt'),
      });
      requireSourceEtag(command, '0123456789abcdef0123456789abcdef');
      const error = await rejection(session.send(command, { bucket, key: 'b.txt' }));
      expect(error.status).toBe(412);
      expect(await exists(bucket, 'b.txt')).toBe(false);
    });
  });

  it('a source rewritten while its parts are copied is refused and the upload aborted', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: crypto.randomBytes(11 * MiB) }),
      );
      const session = makeSession();
      // Someone rewrites the source right after the first part is copied.
      const send = session.send.bind(session);
      let rewritten = false;
      vi.spyOn(session, 'send').mockImplementation(async (command, target) => {
        const output = await send(command, target);
        if (command instanceof UploadPartCopyCommand && !rewritten) {
          rewritten = true;
          await s3.send(
            new PutObjectCommand({ Bucket: bucket, Key: 'big.bin', Body: crypto.randomBytes(11 * MiB) }),
          );
        }
        return output;
      });
      const error = await rejection(
        copyObject({
          session,
          source: { bucket, key: 'big.bin' },
          destination: { bucket, key: 'big copy.bin' },
          tuning: { ...SMALL_PARTS, partConcurrency: 1 },
        }),
      );
      expect(rewritten).toBe(true);
      expect(error.kind).toBe('source-changed');
      expect(error.message).toContain('"big.bin"');
      expect(await exists(bucket, 'big copy.bin')).toBe(false);
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      expect(uploads.Uploads ?? []).toEqual([]);
    });
  });

  it('refuses a destination key over 1024 bytes before any request, naming the file', async () => {
    const session = makeSession();
    const send = vi.spyOn(session, 'send');
    const error = await rejection(
      copyObject({
        session,
        source: { bucket: 'any', key: 'docs/report.pdf' },
        destination: { bucket: 'any', key: `${'deep/'.repeat(205)}report.pdf` },
      }),
    );
    expect(error.kind).toBe('key-too-long');
    expect(error.message).toContain('"report.pdf"');
    expect(send).not.toHaveBeenCalled();
  });
});
