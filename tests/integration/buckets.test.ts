import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { checkBucket, listBuckets } from '../../src/s3/buckets';
import { adminClient, makeSession, rejection, sandbox } from './sandbox';

describe('buckets', () => {
  it('lists demo with the creation date the server reports', async () => {
    const buckets = await listBuckets(makeSession());
    const raw = await adminClient().send(new ListBucketsCommand({}));
    const rawDemo = raw.Buckets?.find((b) => b.Name === sandbox().bucket);

    const demo = buckets.find((b) => b.name === sandbox().bucket);
    expect(demo).toBeDefined();
    expect(rawDemo?.CreationDate).toBeInstanceOf(Date);
    expect(demo?.created?.toISOString()).toBe(rawDemo?.CreationDate?.toISOString());
    expect(buckets.map((b) => b.name)).toEqual(raw.Buckets?.map((b) => b.Name));
  });

  it('checkBucket passes on demo', async () => {
    await expect(checkBucket(makeSession(), sandbox().bucket)).resolves.toBeUndefined();
  });

  it('checkBucket on a missing bucket says no-such-bucket', async () => {
    const error = await rejection(checkBucket(makeSession(), 'no-such-bucket-here'));
    expect(error.kind).toBe('no-such-bucket');
    expect(error.message).toContain('"no-such-bucket-here"');
    expect(error.status).toBe(404);
  });
});
