// Copies through the app's relay: x-amz-copy-source and x-amz-copy-if-match are signed like every other header
// and must reach RGW unchanged, hard keys included; a folder's copies go many per request (the request batch lane). A copy between connections sends its presigned parts through
// the relay too (S3Session.sendSigned).
import crypto from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { copyObject } from '../../src/s3/copy/copy-object';
import { intoFolder } from '../../src/s3/copy/plan';
import { TransferJob } from '../../src/s3/copy/transfer-job';
import { transferObject } from '../../src/s3/copy/transfer-object';
import { RELAY_PATH, RELAY_REQUESTS_PATH, type RequestBatch } from '../../src/s3/relay-protocol';
import { MiB } from '../../src/s3/upload/part-plan';
import type { BlobSender } from '../../src/s3/upload/xhr-send';
import { bytesOf, exists, HARD_KEYS, publicRead, tagsOf, withOtherUserBucket } from './copy-helpers';
import { fetchSend } from './fetch-send';
import { useRelayServer } from './relay-server';
import {
  adminClient,
  makeSession,
  putObjects,
  sandbox,
  withTempBucket,
  type SessionOptions,
} from './sandbox';

describe('copy through the relay', () => {
  const relay = useRelayServer();
  const relaySession = (options: SessionOptions = {}) =>
    makeSession({
      transport: 'relay',
      relay: { relay: true, allowedEndpoints: [sandbox().endpoint] },
      origin: relay.origin,
      ...options,
    });

  it('moves a folder of hard keys, each to the right key, a public one still public', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [
        ['pctA.txt', 'decoy'],
        ['q', 'decoy'],
        ...HARD_KEYS.map((k) => [`src/${k}`, k] as [string, string]),
      ]);
      await adminClient().send(
        new PutObjectCommand({ Bucket: bucket, Key: 'src/public ü.txt', Body: 'p', ACL: 'public-read' }),
      );
      const session = relaySession();
      const fetched = vi.spyOn(globalThis, 'fetch');
      onTestFinished(() => fetched.mockRestore());
      const done = await new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots: [intoFolder('src/', 'dst')],
        onConflict: () => ({ decision: 'overwrite' }),
      }).start();
      expect(done.status).toBe('done');
      // Copies and ACL reads went many per request through the request batch lane.
      const batches = fetched.mock.calls.filter(([url]) => String(url).endsWith(RELAY_REQUESTS_PATH));
      expect(batches.length).toBeGreaterThan(0);
      expect(batches.length).toBeLessThan(HARD_KEYS.length);
      // Signed by the session itself (session.sendBatched), not by an SDK command.
      const sent = batches.flatMap(([, init]) => (JSON.parse(String(init?.body)) as RequestBatch).requests);
      const copies = sent.filter((request) => request.headers['x-amz-copy-source']);
      expect(copies).toHaveLength(HARD_KEYS.length + 1);
      const aclReads = sent.filter((request) => request.method === 'GET' && request.path.endsWith('?acl='));
      expect(aclReads).toHaveLength(HARD_KEYS.length + 1);
      expect([...copies, ...aclReads].some((r) => 'amz-sdk-invocation-id' in r.headers)).toBe(false);
      for (const key of HARD_KEYS) {
        expect((await bytesOf(bucket, `dst/src/${key}`)).toString()).toBe(key);
        expect(await exists(bucket, `src/${key}`)).toBe(false);
      }
      expect(await publicRead(bucket, 'dst/src/public ü.txt')).toBe(true);
      expect(await publicRead(bucket, `dst/src/${HARD_KEYS[0]}`)).toBe(false);
    });
  });

  it('copies a public object in UploadPartCopy parts, still public', async () => {
    await withTempBucket(async (bucket) => {
      const body = crypto.randomBytes(6 * MiB);
      const key = '../a b+c ü?.bin';
      await adminClient().send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ACL: 'public-read' }),
      );
      await copyObject({
        session: relaySession(),
        source: { bucket, key },
        destination: { bucket, key: `copy/${key}` },
        tuning: { multipartThreshold: 5 * MiB, partSize: 5 * MiB },
      });
      expect((await bytesOf(bucket, `copy/${key}`)).equals(body)).toBe(true);
      expect(await publicRead(bucket, `copy/${key}`)).toBe(true);
    });
  });

  it('streams a copy between connections in parts, every part sent through the relay', async () => {
    await withTempBucket(async (from) => {
      await withOtherUserBucket(async (to, other) => {
        const key = 'big/ü 1+2?.bin';
        const body = crypto.randomBytes(11 * MiB);
        await adminClient().send(
          new PutObjectCommand({
            Bucket: from,
            Key: key,
            Body: body,
            ACL: 'public-read',
            ContentType: 'application/x-thing',
            Tagging: 'kind=backup',
          }),
        );
        const sentTo: string[] = [];
        const watching: BlobSender = (request) => {
          sentTo.push(request.url);
          return fetchSend(request);
        };
        const outcome = await transferObject({
          from: relaySession(),
          to: relaySession({
            accessKeyId: sandbox().other.accessKey,
            secretAccessKey: sandbox().other.secretKey,
          }),
          source: { bucket: from, key },
          destination: { bucket: to, key },
          tuning: { streamPartSize: 5 * MiB, partConcurrency: 2 },
          send: watching,
        });
        expect(sentTo).toEqual(Array(3).fill(new URL(RELAY_PATH, relay.origin).toString()));
        expect(outcome.destinationEtag).toMatch(/-3$/);
        expect((await bytesOf(to, key, other)).equals(body)).toBe(true);
        expect(await tagsOf(to, key, other)).toEqual([{ Key: 'kind', Value: 'backup' }]);
        expect(await publicRead(to, key, other)).toBe(true);
      });
    });
  });
});
