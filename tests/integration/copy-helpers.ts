// What the copy tests read behind the engine's back, from Node.
import crypto from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { ALL_USERS } from '../../src/s3/acl';
import { adminClient, sandbox } from './sandbox';

export const HARD_KEYS = [
  'sp ace.txt',
  'plus+sign.txt',
  'pct%41.txt',
  'hash#tag.txt',
  'q?mark.txt',
  'amp&er=sand.txt',
  'ünïcödé 😀.txt',
  'double//slash.txt',
  '/leading-slash.txt',
  'dots/../up.txt',
];

export async function bytesOf(bucket: string, key: string, client = adminClient()): Promise<Buffer> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

export async function publicRead(bucket: string, key: string, client = adminClient()): Promise<boolean> {
  const acl = await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
  return (acl.Grants ?? []).some((g) => g.Grantee?.URI === ALL_USERS && g.Permission === 'READ');
}

export async function tagsOf(bucket: string, key: string, client = adminClient()) {
  return (await client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet ?? [];
}

export async function exists(bucket: string, key: string, client = adminClient()): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** A bucket owned by the sandbox's second user, emptied and deleted afterwards. */
export async function withOtherUserBucket<T>(
  fn: (bucket: string, client: S3Client) => Promise<T>,
): Promise<T> {
  const sb = sandbox();
  const client = new S3Client({
    endpoint: sb.endpoint,
    region: sb.region,
    forcePathStyle: true,
    credentials: { accessKeyId: sb.other.accessKey, secretAccessKey: sb.other.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucket = `it-other-${crypto.randomBytes(6).toString('hex')}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  try {
    return await fn(bucket, client);
  } finally {
    for (;;) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (!keys.length) break;
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    }
    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    for (const u of uploads.Uploads ?? []) {
      await client.send(
        new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key!, UploadId: u.UploadId! }),
      );
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  }
}
