// The form POST that small files use in the browser (src/s3/upload/post-policy.ts), sent from Node with the same
// fields a page sends, against the real RGW.
import crypto from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { FORM_POST_LIMIT } from '../../src/s3/upload/part-plan';
import { POLICY_SECONDS, signPostPolicy } from '../../src/s3/upload/post-policy';
import { adminClient, makeSession, withTempBucket } from './sandbox';

async function post(url: string, fields: Record<string, string>, file: Blob): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  return fetch(url, { method: 'POST', body: form });
}

describe('POST policy uploads against RGW', () => {
  it("stores any key of the bucket with its type and bytes, with one policy for the bucket's top folder", async () => {
    await withTempBucket(async (bucket) => {
      const target = await signPostPolicy(makeSession(), bucket, '');
      const files = {
        'a.txt': new Blob(['hello\n']),
        'in dir/ü b+c%#?&=😀.bin': new Blob([crypto.randomBytes(20_000)]),
        'empty.dat': new Blob([]),
      };
      for (const [key, body] of Object.entries(files)) {
        const response = await post(
          target.url,
          { ...target.fields, key, 'Content-Type': 'text/x-test' },
          body,
        );
        expect(response.status, await response.clone().text()).toBeLessThan(300);
      }
      for (const [key, body] of Object.entries(files)) {
        const object = await adminClient().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = await object.Body!.transformToByteArray();
        expect(Buffer.from(bytes).equals(Buffer.from(await body.arrayBuffer())), key).toBe(true);
        expect(object.ContentType).toBe('text/x-test');
      }
    });
  });

  it('is refused for another bucket and with a wrong signature', async () => {
    await withTempBucket(async (bucket) => {
      await withTempBucket(async (other) => {
        const target = await signPostPolicy(makeSession(), bucket, '');
        const otherUrl = target.url.replace(bucket, other);
        const elsewhere = await post(
          otherUrl,
          { ...target.fields, key: 'x', 'Content-Type': 'a/b' },
          new Blob(['x']),
        );
        expect(elsewhere.status).toBe(403);
        const forged = {
          ...target.fields,
          'X-Amz-Signature': '0'.repeat(64),
          key: 'x',
          'Content-Type': 'a/b',
        };
        expect((await post(target.url, forged, new Blob(['x']))).status).toBe(403);
      });
    });
  });

  it('grants keys under its folder only, for minutes: RGW refuses a key outside it', async () => {
    await withTempBucket(async (bucket) => {
      const target = await signPostPolicy(makeSession(), bucket, 'drop/here/');
      const policy = JSON.parse(Buffer.from(target.fields.Policy, 'base64').toString());
      expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(POLICY_SECONDS * 1000);
      expect(POLICY_SECONDS).toBeLessThanOrEqual(15 * 60);
      const postKey = (key: string) =>
        post(target.url, { ...target.fields, key, 'Content-Type': 'a/b' }, new Blob([key]));
      expect((await postKey('drop/here/sub/ok.txt')).status).toBeLessThan(300);
      for (const key of ['outside.txt', 'drop/elsewhere.txt', 'drop/here']) {
        expect((await postKey(key)).status, key).toBe(403);
      }
      const listed = await adminClient().send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual(['drop/here/sub/ok.txt']);
    });
  });

  it('grants no more than small files: a file over the limit is refused and not stored', async () => {
    await withTempBucket(async (bucket) => {
      const target = await signPostPolicy(makeSession(), bucket, '');
      const fields = { ...target.fields, key: 'too-big.bin', 'Content-Type': 'a/b' };
      const response = await post(target.url, fields, new Blob([new Uint8Array(FORM_POST_LIMIT + 1)]));
      expect(response.status).toBeGreaterThanOrEqual(400);
      await expect(
        adminClient().send(new GetObjectCommand({ Bucket: bucket, Key: 'too-big.bin' })),
      ).rejects.toThrow();
    });
  });
});
