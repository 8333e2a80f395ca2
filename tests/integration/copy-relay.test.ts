// Copies through the app's relay: x-amz-copy-source and x-amz-copy-if-match are signed like every other header
// and must reach RGW unchanged, hard keys included.
import crypto from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { copyObject } from '../../src/s3/copy/copy-object';
import { intoFolder } from '../../src/s3/copy/plan';
import { TransferJob } from '../../src/s3/copy/transfer-job';
import { MiB } from '../../src/s3/upload/part-plan';
import { bytesOf, exists, HARD_KEYS, publicRead } from './copy-helpers';
import { useRelayServer } from './relay-server';
import { adminClient, makeSession, putObjects, sandbox, withTempBucket } from './sandbox';

describe('copy through the relay', () => {
  const relay = useRelayServer();
  const relaySession = () =>
    makeSession({
      transport: 'relay',
      relay: { relay: true, allowedEndpoints: [sandbox().endpoint] },
      origin: relay.origin,
    });

  it('moves a folder of hard keys, each to the right key', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [
        ['pctA.txt', 'decoy'],
        ['q', 'decoy'],
        ...HARD_KEYS.map((k) => [`src/${k}`, k] as [string, string]),
      ]);
      const session = relaySession();
      const done = await new TransferJob({
        mode: 'move',
        from: { session, bucket },
        to: { session, bucket },
        roots: [intoFolder('src/', 'dst')],
        onConflict: () => ({ decision: 'overwrite' }),
      }).start();
      expect(done.status).toBe('done');
      for (const key of HARD_KEYS) {
        expect((await bytesOf(bucket, `dst/src/${key}`)).toString()).toBe(key);
        expect(await exists(bucket, `src/${key}`)).toBe(false);
      }
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
});
