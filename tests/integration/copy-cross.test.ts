// Copy between two connections (the sandbox's two users): the bytes stream through the engine, in parts, with
// everything that goes with the object.
import crypto from 'node:crypto';
import { HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { streamCopy } from '../../src/s3/copy/stream-copy';
import { transferObject } from '../../src/s3/copy/transfer-object';
import { MiB } from '../../src/s3/upload/part-plan';
import { s3HttpError, type BlobSender } from '../../src/s3/upload/xhr-send';
import { bytesOf, exists, HARD_KEYS, publicRead, tagsOf, withOtherUserBucket } from './copy-helpers';
import { fetchSend } from './fetch-send';
import { adminClient, makeSession, rejection, sandbox, withTempBucket } from './sandbox';

const otherSession = () =>
  makeSession({ accessKeyId: sandbox().other.accessKey, secretAccessKey: sandbox().other.secretKey });

const STORED = {
  ContentType: 'application/x-thing',
  CacheControl: 'no-cache',
  ContentDisposition: 'inline',
  Metadata: { origin: 'demo-user' },
  Tagging: 'kind=backup',
};

describe('cross-connection copy against RGW', () => {
  it('streams a large object in parts, never more than the parts in flight, carrying everything', async () => {
    await withTempBucket(async (from) => {
      await withOtherUserBucket(async (to, other) => {
        const body = crypto.randomBytes(13 * MiB + 5);
        await adminClient().send(
          new PutObjectCommand({
            Bucket: from,
            Key: 'big/ü 1.bin',
            Body: body,
            ACL: 'public-read',
            ...STORED,
          }),
        );
        let inFlight = 0;
        let most = 0;
        const sizes: number[] = [];
        const watching: BlobSender = async (request) => {
          inFlight++;
          most = Math.max(most, inFlight);
          sizes.push(request.body.size);
          try {
            return await fetchSend(request);
          } finally {
            inFlight--;
          }
        };
        const progress: number[] = [];
        const outcome = await transferObject({
          from: makeSession(),
          to: otherSession(),
          source: { bucket: from, key: 'big/ü 1.bin' },
          destination: { bucket: to, key: 'in/ü 1.bin' },
          tuning: { streamPartSize: 5 * MiB, partConcurrency: 2 },
          send: watching,
          onProgress: (bytes) => progress.push(bytes),
        });
        expect(sizes.sort()).toEqual([3 * MiB + 5, 5 * MiB, 5 * MiB].sort());
        expect(most).toBeLessThanOrEqual(2);
        expect(outcome.destinationEtag).toMatch(/-3$/);
        expect(progress.at(-1)).toBe(body.length);
        expect((await bytesOf(to, 'in/ü 1.bin', other)).equals(body)).toBe(true);
        const head = await other.send(new HeadObjectCommand({ Bucket: to, Key: 'in/ü 1.bin' }));
        expect(head).toMatchObject({
          ContentType: STORED.ContentType,
          CacheControl: STORED.CacheControl,
          ContentDisposition: STORED.ContentDisposition,
          Metadata: STORED.Metadata,
        });
        expect(await tagsOf(to, 'in/ü 1.bin', other)).toEqual([{ Key: 'kind', Value: 'backup' }]);
        expect(await publicRead(to, 'in/ü 1.bin', other)).toBe(true);
      });
    });
  });

  it('copies small objects with hard keys in one PUT each, same ETag, private stays private', async () => {
    await withTempBucket(async (from) => {
      await withOtherUserBucket(async (to, other) => {
        const from1 = makeSession();
        const to1 = otherSession();
        for (const key of HARD_KEYS) {
          await adminClient().send(
            new PutObjectCommand({ Bucket: from, Key: key, Body: `body of ${key}`, ...STORED }),
          );
          const outcome = await streamCopy({
            from: from1,
            to: to1,
            source: { bucket: from, key },
            destination: { bucket: to, key },
            send: fetchSend,
          });
          expect(outcome.destinationEtag).toBe(outcome.sourceEtag);
          expect((await bytesOf(to, key, other)).toString()).toBe(`body of ${key}`);
        }
        const last = HARD_KEYS.at(-1)!;
        expect(await tagsOf(to, last, other)).toEqual([{ Key: 'kind', Value: 'backup' }]);
        expect(await publicRead(to, last, other)).toBe(false);
      });
    });
  });

  it('a cancel midway aborts the upload and stores nothing', async () => {
    await withTempBucket(async (from) => {
      await withOtherUserBucket(async (to, other) => {
        await adminClient().send(
          new PutObjectCommand({ Bucket: from, Key: 'big.bin', Body: crypto.randomBytes(16 * MiB) }),
        );
        const cancel = new AbortController();
        const cancelling: BlobSender = async (request) => {
          const response = await fetchSend(request);
          cancel.abort();
          return response;
        };
        const error = await rejection(
          streamCopy({
            from: makeSession(),
            to: otherSession(),
            source: { bucket: from, key: 'big.bin' },
            destination: { bucket: to, key: 'big.bin' },
            tuning: { streamPartSize: 5 * MiB, partConcurrency: 1 },
            send: cancelling,
            signal: cancel.signal,
          }),
        );
        expect(error.kind).toBe('aborted');
        const uploads = await other.send(new ListMultipartUploadsCommand({ Bucket: to }));
        expect(uploads.Uploads ?? []).toEqual([]);
        expect(await exists(to, 'big.bin', other)).toBe(false);
      });
    });
  });

  it('a part the destination refuses fails the copy as its error, and the upload is aborted', async () => {
    await withTempBucket(async (from) => {
      await withOtherUserBucket(async (to, other) => {
        await adminClient().send(
          new PutObjectCommand({ Bucket: from, Key: 'big.bin', Body: crypto.randomBytes(11 * MiB) }),
        );
        let parts = 0;
        const refusing: BlobSender = async (request) => {
          if (++parts < 2) return fetchSend(request);
          throw s3HttpError(403, '<Error><Code>AccessDenied</Code><Message>no</Message></Error>');
        };
        const error = await rejection(
          streamCopy({
            from: makeSession(),
            to: otherSession(),
            source: { bucket: from, key: 'big.bin' },
            destination: { bucket: to, key: 'big.bin' },
            tuning: { streamPartSize: 5 * MiB, partConcurrency: 1 },
            send: refusing,
          }),
        );
        expect(error).toMatchObject({ kind: 'access-denied', code: 'AccessDenied', status: 403 });
        const uploads = await other.send(new ListMultipartUploadsCommand({ Bucket: to }));
        expect(uploads.Uploads ?? []).toEqual([]);
        expect(await exists(to, 'big.bin', other)).toBe(false);
      });
    });
  });

  it('a source replaced between two parts fails the copy as changed (each part is read on its ETag)', async () => {
    await withTempBucket(async (from) => {
      await withOtherUserBucket(async (to, other) => {
        const put = (body: Buffer) =>
          adminClient().send(new PutObjectCommand({ Bucket: from, Key: 'big.bin', Body: body }));
        await put(crypto.randomBytes(11 * MiB));
        let parts = 0;
        const replacing: BlobSender = async (request) => {
          const response = await fetchSend(request);
          if (++parts === 1) await put(crypto.randomBytes(11 * MiB));
          return response;
        };
        const error = await rejection(
          streamCopy({
            from: makeSession(),
            to: otherSession(),
            source: { bucket: from, key: 'big.bin' },
            destination: { bucket: to, key: 'big.bin' },
            tuning: { streamPartSize: 5 * MiB, partConcurrency: 1 },
            send: replacing,
          }),
        );
        expect(error.kind).toBe('source-changed');
        const uploads = await other.send(new ListMultipartUploadsCommand({ Bucket: to }));
        expect(uploads.Uploads ?? []).toEqual([]);
        expect(await exists(to, 'big.bin', other)).toBe(false);
      });
    });
  });
});
