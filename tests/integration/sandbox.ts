// Helpers shared by the integration tests: the sandbox's coordinates, sessions built like the app builds them,
// and a raw SDK client for seeding and checking behind the app's back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { onTestFinished } from 'vitest';
import { S3AppError } from '../../src/s3/errors';
import { DEFAULT_REGION, type ConnectionProfile, type Transport } from '../../src/s3/profile';
import type { RelayConfig } from '../../src/s3/relay';
import { S3Session } from '../../src/s3/session';

export interface SandboxFile {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  other: { accessKey: string; secretKey: string };
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let cached: SandboxFile | undefined;

/** `.sandbox/sandbox.json`, written by `node scripts/sandbox.mjs start` (run by global-setup.ts). */
export function sandbox(): SandboxFile {
  cached ??= JSON.parse(
    fs.readFileSync(
      path.join(process.env.S3FM_SANDBOX_DIR || path.join(ROOT, '.sandbox'), 'sandbox.json'),
      'utf8',
    ),
  ) as SandboxFile;
  return cached;
}

export interface SessionOptions {
  endpoint?: string;
  transport?: Transport;
  accessKeyId?: string;
  secretAccessKey?: string;
  relay?: RelayConfig | null;
  origin?: string;
}

/**
 * An S3Session as the app makes one for the sandbox (path-style, direct, us-east-1, demo keys), with overrides.
 * Inside a test, the session is destroyed when the test ends.
 */
export function makeSession(options: SessionOptions = {}): S3Session {
  const sb = sandbox();
  const profile: ConnectionProfile = {
    id: 'integration',
    label: 'integration test',
    endpoint: options.endpoint ?? sb.endpoint,
    region: DEFAULT_REGION,
    pathStyle: true,
    transport: options.transport ?? 'direct',
  };
  const session = new S3Session(
    profile,
    {
      accessKeyId: options.accessKeyId ?? sb.accessKey,
      secretAccessKey: options.secretAccessKey ?? sb.secretKey,
    },
    options.relay ?? null,
    options.origin,
  );
  onTestFinished(() => session.destroy());
  return session;
}

let admin: S3Client | undefined;

/** A plain SDK client with the demo keys, straight to RGW: for seeding and for checking what really got stored. */
export function adminClient(): S3Client {
  const sb = sandbox();
  admin ??= new S3Client({
    endpoint: sb.endpoint,
    region: sb.region,
    forcePathStyle: true,
    credentials: { accessKeyId: sb.accessKey, secretAccessKey: sb.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return admin;
}

/** Runs `fn` with a fresh bucket (`it-<random>`), then empties and deletes it, whatever `fn` did. */
export async function withTempBucket<T>(fn: (bucket: string) => Promise<T>): Promise<T> {
  const bucket = `it-${crypto.randomBytes(6).toString('hex')}`;
  const s3 = adminClient();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  try {
    return await fn(bucket);
  } finally {
    await deleteBucket(bucket);
  }
}

/** Empties a bucket in DeleteObjects batches (one listing page, at most 1000 keys, each), then deletes it. */
export async function deleteBucket(bucket: string): Promise<void> {
  const s3 = adminClient();
  for (;;) {
    // Always the first page: what was deleted is gone from the next listing.
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [{ Key: o.Key }]));
    if (!keys.length) break;
    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
    );
    if (result.Errors?.length) {
      throw new Error(`could not empty ${bucket}: ${JSON.stringify(result.Errors.slice(0, 3))}`);
    }
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}

/** Writes objects from Node with at most `concurrency` requests in flight. */
export async function putObjects(
  bucket: string,
  objects: Iterable<[key: string, body: string | Uint8Array]>,
  concurrency = 32,
): Promise<void> {
  const s3 = adminClient();
  const queue = [...objects];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: next[0], Body: next[1] }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

/** The S3AppError a promise rejects with (fails the test if it resolves or rejects with anything else). */
export async function rejection(promise: Promise<unknown>): Promise<S3AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof S3AppError) return error;
    throw new Error(`expected an S3AppError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail, but it succeeded');
}
