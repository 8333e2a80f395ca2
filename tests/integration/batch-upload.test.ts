// The batch lane for small files (src/s3/upload/batch-post.ts -> server/batch-upload.ts -> RGW), sent from Node with
// the page's own code, against the real RGW.
import crypto from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  postBatch,
  type BatchItem,
  type BatchResult,
  type BatchSender,
} from '../../src/s3/upload/batch-post';
import { BATCH_CONTENT_TYPE } from '../../src/s3/relay-protocol';
import { signPostPolicy } from '../../src/s3/upload/post-policy';
import { useRelayServer } from './relay-server';
import { adminClient, makeSession, sandbox, withTempBucket } from './sandbox';

describe('batch uploads through the app server, in front of real RGW', () => {
  const relay = useRelayServer();

  const batchSession = (allowedEndpoints = [sandbox().endpoint]) =>
    makeSession({ transport: 'auto', relay: { relay: true, allowedEndpoints }, origin: relay.origin });

  const send = async (session = batchSession(), bucket: string, items: BatchItem[]) => {
    const results = new Map<number, BatchResult>();
    await postBatch(session, bucket, items, {
      onResult: (i, result) => results.set(i, result),
      send: fetchSend,
    });
    return results;
  };

  it('stores every file with its bytes and type, and reports each one', async () => {
    await withTempBucket(async (bucket) => {
      const items: BatchItem[] = [
        { key: 'a.txt', body: new Blob(['hello\n']), contentType: 'text/plain' },
        { key: 'dir/ü b+c%#?&=😀.bin', body: new Blob([crypto.randomBytes(20_000)]), contentType: 'x/y' },
        { key: 'empty.dat', body: new Blob([]), contentType: 'application/octet-stream' },
        ...Array.from({ length: 30 }, (_, i) => ({
          key: `many/${i}.bin`,
          body: new Blob([crypto.randomBytes(1000 + i)]),
          contentType: 'application/octet-stream',
        })),
      ];
      const results = await send(undefined, bucket, items);
      expect(results.size).toBe(items.length);
      for (const [i, result] of results) expect(result, items[i].key).toMatchObject({ ok: true });
      for (const item of items) {
        const object = await adminClient().send(new GetObjectCommand({ Bucket: bucket, Key: item.key }));
        const bytes = Buffer.from(await object.Body!.transformToByteArray());
        expect(bytes.equals(Buffer.from(await item.body.arrayBuffer())), item.key).toBe(true);
        expect(object.ContentType, item.key).toBe(item.contentType);
      }
    });
  });

  it("reports the endpoint's refusal per file, and the server refuses endpoints it does not serve", async () => {
    await withTempBucket(async (bucket) => {
      await withTempBucket(async (other) => {
        // A policy for `bucket`, posted to `other`: RGW refuses each file; nothing is stored.
        const session = batchSession();
        const policy = await signPostPolicy(session, bucket, '');
        const manifest = {
          endpoint: sandbox().endpoint,
          path: new URL(policy.url).pathname.replace(bucket, other),
          fields: policy.fields,
          files: [{ key: 'x', type: 'a/b', size: 1 }],
        };
        const response = await fetch(`${relay.origin}/_relay/batch`, {
          method: 'POST',
          headers: { 'content-type': BATCH_CONTENT_TYPE },
          body: batchBody(manifest, [Buffer.from('x')]),
        });
        expect(response.status).toBe(200);
        const lines = (await response.text())
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(lines).toEqual([expect.objectContaining({ i: 0, status: 403, code: 'AccessDenied' })]);
        const listed = await adminClient().send(new ListObjectsV2Command({ Bucket: other }));
        expect(listed.KeyCount).toBe(0);

        // An endpoint the operator did not allow: the batch is refused whole, before anything is read.
        const elsewhere = await fetch(`${relay.origin}/_relay/batch`, {
          method: 'POST',
          headers: { 'content-type': BATCH_CONTENT_TYPE },
          body: batchBody({ ...manifest, endpoint: 'http://127.0.0.1:9' }, [Buffer.from('x')]),
        });
        expect(elsewhere.status).toBe(403);
        expect(await elsewhere.text()).toContain('RelayTargetNotAllowed');
      });
    });
  });

  it('a batch whose bytes do not add up is refused, and nothing is stored', async () => {
    await withTempBucket(async (bucket) => {
      const policy = await signPostPolicy(batchSession(), bucket, '');
      const manifest = {
        endpoint: sandbox().endpoint,
        path: new URL(policy.url).pathname,
        fields: policy.fields,
        files: [{ key: 'short', type: 'a/b', size: 10 }],
      };
      const response = await fetch(`${relay.origin}/_relay/batch`, {
        method: 'POST',
        headers: { 'content-type': BATCH_CONTENT_TYPE },
        body: batchBody(manifest, [Buffer.from('only 9 b')]),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('its manifest says 10');
      const listed = await adminClient().send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(listed.KeyCount).toBe(0);
    });
  });
});

/** The page's sender is XMLHttpRequest; Node has fetch. The answer is read whole here. */
const fetchSend: BatchSender = async (url, body, { signal, onSent, onLine }) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': BATCH_CONTENT_TYPE },
    body,
    signal,
  });
  onSent(body.size);
  if (response.status !== 200) throw new Error(`batch answered ${response.status}`);
  for (const line of (await response.text()).split('\n')) if (line) onLine(line);
};

function batchBody(manifest: object, files: Buffer[]): Blob {
  const json = Buffer.from(JSON.stringify(manifest));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return new Blob([Buffer.concat([length, json, ...files])]);
}
