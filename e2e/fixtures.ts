import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { purgeBucket } from './purge';

export interface Sandbox {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  other: { accessKey: string; secretKey: string };
}

export function readSandbox(): Sandbox {
  return JSON.parse(
    readFileSync(
      join(process.env.S3FM_SANDBOX_DIR || join(import.meta.dirname, '..', '.sandbox'), 'sandbox.json'),
      'utf8',
    ),
  ) as Sandbox;
}

export function nodeClient(
  sandbox: Sandbox,
  keys = { accessKey: sandbox.accessKey, secretKey: sandbox.secretKey },
) {
  return new S3Client({
    endpoint: sandbox.endpoint,
    region: sandbox.region,
    forcePathStyle: true,
    credentials: { accessKeyId: keys.accessKey, secretAccessKey: keys.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** A new bucket with a CORS rule for the app's origin, from Node. */
export async function createBucketWithCors(
  s3: S3Client,
  name: string,
  origin: string,
  options: { objectLock?: boolean } = {},
) {
  await s3.send(new CreateBucketCommand({ Bucket: name, ObjectLockEnabledForBucket: options.objectLock }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: name,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [origin],
            AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
            AllowedHeaders: ['*'],
            // The browser only shows the page the response headers a rule exposes: user metadata included.
            ExposeHeaders: ['ETag', 'x-amz-meta-owner'],
          },
        ],
      },
    }),
  );
}

interface Fixtures {
  /** A fresh bucket with a CORS rule for the app's origin, deleted after the test. */
  bucket: string;
  /** Puts objects into `bucket` from Node: key -> body. */
  seed: (objects: Record<string, string>) => Promise<void>;
  /** The page, connected to the sandbox through the connect form. */
  connected: Page;
}

interface WorkerFixtures {
  sandbox: Sandbox;
  s3: S3Client;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  // Playwright reads a fixture's dependencies from its destructuring pattern: an empty one means none.
  // eslint-disable-next-line no-empty-pattern
  sandbox: [async ({}, use) => use(readSandbox()), { scope: 'worker' }],
  s3: [async ({ sandbox }, use) => use(nodeClient(sandbox)), { scope: 'worker' }],
  bucket: async ({ s3, baseURL }, use, testInfo) => {
    const name = `e2e-${testInfo.workerIndex}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    await createBucketWithCors(s3, name, baseURL!);
    await use(name);
    await purgeBucket(s3, name);
  },
  seed: async ({ s3, bucket }, use) => {
    await use(async (objects) => {
      await eachLimited(Object.entries(objects), 16, ([key, body]) =>
        // The length given, so the SDK does not take an empty body for a stream of unknown length (and warn).
        s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentLength: Buffer.byteLength(body),
          }),
        ),
      );
    });
  },
  connected: async ({ page, sandbox }, use) => {
    await connectWithForm(page, sandbox);
    await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
    await use(page);
  },
});

export async function connectWithForm(
  page: Page,
  sandbox: Sandbox,
  options: { secretKey?: string; accessKey?: string; endpoint?: string; transport?: string } = {},
) {
  await page.goto('/');
  await page.getByLabel('Endpoint').fill(options.endpoint ?? sandbox.endpoint);
  await page.getByLabel('Access key').fill(options.accessKey ?? sandbox.accessKey);
  await page.getByLabel('Secret key').fill(options.secretKey ?? sandbox.secretKey);
  if (options.transport) {
    await page.getByText('More options').click();
    await page.getByRole('combobox', { name: 'Connection' }).selectOption(options.transport);
  }
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

export { expect };

/** Every key of a bucket as the server has it, sorted: what the tests check the UI's effects against. */
export async function keysOf(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** The table row of an entry, found by its name button (objects) or link (folders). */
export const rowOf = (page: Page, name: string) =>
  page
    .getByRole('row')
    .filter({ has: page.getByRole(name.endsWith('/') ? 'link' : 'button', { name, exact: true }) });

/** Makes a row the table's focus row (a click outside its buttons), for the keyboard. */
export const focusRow = (page: Page, name: string) => rowOf(page, name).locator('td.col-size').click();

const SHOTS = process.env.S3FM_SHOTS;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
/** Screenshots for a person to look at, when S3FM_SHOTS names a folder. */
export async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}
