// A CopyObject signed ahead (the Move/Copy dialog signs it while the person picks the destination) against the
// real RGW: it copies the right object (hard keys, with the copy source a signed header), without any SDK send,
// and its source condition still refuses a source that changed after signing.
import {
  CopyObjectCommand,
  GetObjectAclCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it, vi } from 'vitest';
import { copyObject } from '../../src/s3/copy/copy-object';
import { readSignedAcl, signCopy } from '../../src/s3/copy/signed-copy';
import { bytesOf, exists, HARD_KEYS, publicRead } from './copy-helpers';
import { adminClient, makeSession, putObjects, rejection, withTempBucket } from './sandbox';

describe('a copy signed ahead, against RGW', () => {
  it('copies each hard key (never a neighbour) with no SDK request on the way', async () => {
    await withTempBucket(async (from) => {
      await withTempBucket(async (to) => {
        await putObjects(from, [
          ['pctA.txt', 'decoy'],
          ['q', 'decoy'],
          ...HARD_KEYS.map((key) => [key, `body of ${key}`] as [string, string]),
        ]);
        const session = makeSession();
        for (const key of HARD_KEYS) {
          const head = await adminClient().send(new HeadObjectCommand({ Bucket: from, Key: key }));
          const listed = { etag: head.ETag!, size: head.ContentLength! };
          const destination = { bucket: to, key: `copy/${key}` };
          const signed = await signCopy(session, { bucket: from, key, etag: listed.etag }, destination);
          // A browser rewrites dot segments of a URL path: such keys are left to the SDK (and the relay).
          expect(signed === undefined).toBe(key.split('/').some((part) => part === '.' || part === '..'));
          const send = vi.spyOn(session, 'send');
          await copyObject({ session, source: { bucket: from, key }, destination, expected: listed, signed });
          const copies = send.mock.calls.filter(([command]) => command instanceof CopyObjectCommand);
          expect(copies).toHaveLength(signed ? 0 : 1);
          send.mockRestore();
          expect((await bytesOf(to, `copy/${key}`)).toString()).toBe(`body of ${key}`);
        }
      });
    });
  });

  it('reads the source\u2019s ACL ahead with the copy: a public file stays public, a private one private', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      const session = makeSession();
      for (const [key, acl] of [
        ['open +ü#?.txt', 'public-read'],
        ['closed %.txt', 'private'],
      ] as const) {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key, ACL: acl }));
        const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const source = { bucket, key };
        const destination = { bucket, key: `copy/${key}` };
        const signed = (await signCopy(session, { ...source, etag: head.ETag! }, destination))!;
        const read = readSignedAcl(session, signed);
        expect(await read).toBe(acl === 'public-read');
        const send = vi.spyOn(session, 'send');
        const expected = { etag: head.ETag, size: head.ContentLength };
        await copyObject({ session, source, destination, expected, signed, publicRead: read });
        expect(send.mock.calls.some(([command]) => command instanceof GetObjectAclCommand)).toBe(false);
        send.mockRestore();
        expect(await publicRead(bucket, destination.key)).toBe(acl === 'public-read');
      }
    });
  });

  it('refuses a source rewritten after the copy was signed, and writes nothing', async () => {
    await withTempBucket(async (bucket) => {
      const s3 = adminClient();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc/plan.txt', Body: 'v1' }));
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doc/plan.txt' }));
      const session = makeSession();
      const source = { bucket, key: 'doc/plan.txt' };
      const destination = { bucket, key: 'plan.txt' };
      const signed = await signCopy(session, { ...source, etag: head.ETag! }, destination);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc/plan.txt', Body: 'v2' }));
      const error = await rejection(
        copyObject({ session, source, destination, expected: { etag: head.ETag, size: 2 }, signed }),
      );
      expect(error.kind).toBe('source-changed');
      expect(await exists(bucket, 'plan.txt')).toBe(false);
    });
  });
});
