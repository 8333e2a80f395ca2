// What the copy tests read behind the engine's back, from Node.
import {
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
} from '@aws-sdk/client-s3';
import { ALL_USERS } from '../../src/s3/acl';
import { adminClient } from './sandbox';

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

export async function bytesOf(bucket: string, key: string): Promise<Buffer> {
  const object = await adminClient().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

export async function publicRead(bucket: string, key: string): Promise<boolean> {
  const acl = await adminClient().send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
  return (acl.Grants ?? []).some((g) => g.Grantee?.URI === ALL_USERS && g.Permission === 'READ');
}

export async function tagsOf(bucket: string, key: string) {
  return (await adminClient().send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet ?? [];
}

export async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await adminClient().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}
