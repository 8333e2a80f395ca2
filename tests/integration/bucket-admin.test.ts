import crypto from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketCorsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { getBucketDetails, measureBucket } from '../../src/s3/bucket-details';
import { forceDeleteBucket, type ForceDeleteProgress } from '../../src/s3/bucket-admin';
import { createBucket, deleteBucket, listBuckets } from '../../src/s3/buckets';
import { adminClient, makeSession, putObjects, rejection, sandbox } from './sandbox';

const uniqueName = (tag: string) => `it-${tag}-${crypto.randomBytes(5).toString('hex')}`;

/** Removes a bucket whatever it holds (versions, markers, uploads), with the raw SDK; gone already is fine. */
async function purge(bucket: string): Promise<void> {
  const s3 = adminClient();
  try {
    for (;;) {
      const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      for (const u of uploads.Uploads ?? []) {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
      }
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
        Key: v.Key!,
        VersionId: v.VersionId,
      }));
      if (!objects.length && !uploads.Uploads?.length) break;
      if (objects.length)
        await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'NoSuchBucket') throw error;
  }
}

async function withBucket<T>(tag: string, fn: (bucket: string) => Promise<T>): Promise<T> {
  const bucket = uniqueName(tag);
  await adminClient().send(new CreateBucketCommand({ Bucket: bucket }));
  try {
    return await fn(bucket);
  } finally {
    await purge(bucket);
  }
}

async function headStatus(bucket: string): Promise<number> {
  try {
    const out = await adminClient().send(new HeadBucketCommand({ Bucket: bucket }));
    return out.$metadata.httpStatusCode ?? 0;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? -1;
  }
}

/**
 * A bucket like the issue's: `objects` current objects, versioning on, three keys rewritten twice (two older
 * versions each), one key deleted (a delete marker over its version), one unfinished multipart upload.
 */
async function fillVersionedBucket(bucket: string, objects: number) {
  const s3 = adminClient();
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  const keys = Array.from({ length: objects }, (_, i) => `obj/${String(i).padStart(5, '0')}.txt`);
  await putObjects(
    bucket,
    keys.map((k) => [k, `v1 ${k}`] as [string, string]),
  );
  for (const key of keys.slice(0, 3)) {
    for (const v of ['v2', 'v3'])
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `${v} ${key}` }));
  }
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone.txt', Body: 'soon hidden' }));
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone.txt' }));
  const upload = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big/unfinished.bin' }),
  );
  await s3.send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: 'big/unfinished.bin',
      UploadId: upload.UploadId,
      PartNumber: 1,
      Body: crypto.randomBytes(5 * 1024 * 1024),
    }),
  );
  // Current objects: `objects` keys; older versions: 3 x 2 plus gone.txt's; one marker; one upload.
  return { objects, versions: 7, markers: 1, uploads: 1 };
}

describe('create and delete', () => {
  it('creates a bucket that ListBuckets then shows, deletes it, and HeadBucket answers 404', async () => {
    const session = makeSession();
    const bucket = uniqueName('create');
    try {
      await createBucket(session, bucket, { region: 'us-east-1' });
      expect((await listBuckets(session)).map((b) => b.name)).toContain(bucket);
      expect(await headStatus(bucket)).toBe(200);
      await deleteBucket(session, bucket);
      expect(await headStatus(bucket)).toBe(404);
    } finally {
      await purge(bucket);
    }
  });

  it('sends another region as LocationConstraint, and explains a refusal', async () => {
    const session = makeSession();
    const bucket = uniqueName('region');
    try {
      // RGW's zonegroup is "default": that constraint is accepted, an AWS region name is not.
      await createBucket(session, bucket, { region: 'default' });
      const details = await getBucketDetails(session, bucket);
      expect(details.region).toEqual({ ok: true, value: 'default' });
      const refused = await rejection(createBucket(session, uniqueName('region'), { region: 'eu-west-1' }));
      expect(refused.code).toBe('InvalidLocationConstraint');
      expect(refused.message).toContain('does not accept the region "eu-west-1"');
    } finally {
      await purge(bucket);
    }
  });

  it.each(['Bad_Name', 'ab', '192.168.1.1', 'xn--abc', 'name-s3alias', 'a..b'])(
    'refuses the invalid name %j before any request',
    async (name) => {
      // A closed port: had a request been sent, the error would be "unreachable".
      const session = makeSession({ endpoint: 'http://127.0.0.1:9' });
      const error = await rejection(createBucket(session, name));
      expect(error.kind).toBe('invalid-bucket-name');
      expect(error.hint.length).toBeGreaterThan(10);
    },
  );

  it('deleting a bucket with objects is bucket-not-empty (HTTP 409)', async () => {
    await withBucket('full', async (bucket) => {
      await putObjects(bucket, [['a.txt', 'a']]);
      const error = await rejection(deleteBucket(makeSession(), bucket));
      expect(error.kind).toBe('bucket-not-empty');
      expect(error.status).toBe(409);
      expect(await headStatus(bucket)).toBe(200);
    });
  });
});

describe('forceDeleteBucket', () => {
  it('removes >1000 objects, every version and delete marker, an unfinished upload, then the bucket', async () => {
    const bucket = uniqueName('force');
    await adminClient().send(new CreateBucketCommand({ Bucket: bucket }));
    try {
      const filled = await fillVersionedBucket(bucket, 1205);
      const progress: ForceDeleteProgress[] = [];
      const started = performance.now();
      const result = await forceDeleteBucket(makeSession(), bucket, { onProgress: (p) => progress.push(p) });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `force delete: ${filled.objects} objects + ${filled.versions} versions + ${filled.markers} marker + ${filled.uploads} upload in ${seconds.toFixed(2)} s`,
      );
      expect(result).toMatchObject({
        bucketDeleted: true,
        listed: filled.objects + filled.versions + filled.markers,
        uploadsAborted: 1,
        objectsDeleted: filled.objects,
        versionsDeleted: filled.versions,
        deleteMarkersDeleted: filled.markers,
        failed: 0,
        failures: [],
      });
      // Progress rose step by step (two pages of versions: at least two reports in the objects phase).
      const objectPhase = progress.filter((p) => p.phase === 'objects');
      expect(objectPhase.length).toBeGreaterThanOrEqual(3);
      expect(objectPhase.map((p) => p.objectsDeleted)).toEqual(
        [...objectPhase.map((p) => p.objectsDeleted)].sort((a, b) => a - b),
      );
      expect(progress.at(-1)?.phase).toBe('bucket');
      expect(await headStatus(bucket)).toBe(404);
    } finally {
      await purge(bucket);
    }
  });

  it('stops when cancelled: what was deleted is gone, the rest and the bucket stay', async () => {
    await withBucket('cancel', async (bucket) => {
      await putObjects(
        bucket,
        Array.from({ length: 2500 }, (_, i) => [`k${i}`, 'x'] as [string, string]),
      );
      const controller = new AbortController();
      const error = await rejection(
        forceDeleteBucket(makeSession(), bucket, {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.objectsDeleted >= 1000) controller.abort();
          },
        }),
      );
      expect(error.kind).toBe('aborted');
      expect(await headStatus(bucket)).toBe(200);
      const size = await measureBucket(makeSession(), bucket);
      expect(size.objects).toBeGreaterThan(0);
      expect(size.objects).toBeLessThanOrEqual(1500);
    });
  });

  it('a missing bucket is no-such-bucket', async () => {
    const error = await rejection(forceDeleteBucket(makeSession(), uniqueName('missing')));
    expect(error.kind).toBe('no-such-bucket');
  });
});

describe('bucket details', () => {
  it('reads region, versioning and CORS rules, each on its own', async () => {
    await withBucket('details', async (bucket) => {
      const session = makeSession();
      const before = await getBucketDetails(session, bucket);
      expect(before).toEqual({
        region: { ok: true, value: 'default' },
        versioning: { ok: true, value: 'Never enabled' },
        cors: { ok: true, value: [] },
      });
      await adminClient().send(
        new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
      );
      await adminClient().send(
        new PutBucketCorsCommand({
          Bucket: bucket,
          CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['https://x.test'], AllowedMethods: ['GET'] }] },
        }),
      );
      const after = await getBucketDetails(session, bucket);
      expect(after.versioning).toEqual({ ok: true, value: 'Suspended' });
      expect(after.cors).toEqual({
        ok: true,
        value: [{ AllowedOrigins: ['https://x.test'], AllowedMethods: ['GET'] }],
      });
    });
  });

  it('another user gets a refusal per fact, not one failure for all', async () => {
    await withBucket('details-other', async (bucket) => {
      const { other } = sandbox();
      const details = await getBucketDetails(
        makeSession({ accessKeyId: other.accessKey, secretAccessKey: other.secretKey }),
        bucket,
      );
      for (const fact of [details.region, details.versioning, details.cors]) {
        expect(fact.ok).toBe(false);
        if (!fact.ok) expect(fact.error.kind).toBe('access-denied');
      }
    });
  });

  it('counts objects and bytes over every page, ordered and unordered alike', async () => {
    await withBucket('measure', async (bucket) => {
      const objects = Array.from(
        { length: 2100 },
        (_, i) => [`d${i % 7}/k${i}`, 'x'.repeat(1 + (i % 13))] as [string, string],
      );
      await putObjects(bucket, objects);
      const bytes = objects.reduce((n, [, body]) => n + body.length, 0);
      const seen: number[] = [];
      const ordered = await measureBucket(makeSession(), bucket, { onProgress: (s) => seen.push(s.objects) });
      expect(ordered).toEqual({ objects: 2100, bytes });
      expect(seen).toEqual([1000, 2000, 2100]);
      expect(await measureBucket(makeSession(), bucket, { unordered: true })).toEqual({
        objects: 2100,
        bytes,
      });
    });
  });
});
