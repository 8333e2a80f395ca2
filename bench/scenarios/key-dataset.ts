import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { median, type BenchContext } from '../types';
import { seedPutter } from './seed-put';

/** PutObjects in flight while seeding: RGW's CPU is the limit. */
const SEED_IN_FLIGHT = 48;

/** The folder the listing scenarios open: `big/obj-000000` ... */
export const LISTING_FOLDER = 'big/';

export const listingSize = (context: BenchContext) => (context.small ? 5_000 : 100_000);

/** `count` key names under `folder`, in the order S3 lists them (zero-padded, so byte order = number order). */
export function keysUnder(folder: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${folder}obj-${String(i).padStart(6, '0')}`);
}

/**
 * The listing scenarios' bucket: one folder of `listingSize` empty objects, seeded once per run and shared by
 * every listing scenario of the run (the runner deletes it at the end).
 */
export async function listingDataset(context: BenchContext): Promise<{ bucket: string; count: number }> {
  const count = listingSize(context);
  const bucket = await context.sharedBucket(`listing-${count}`, (name) =>
    seedKeys(context, name, keysUnder(LISTING_FOLDER, count)),
  );
  return { bucket, count };
}

/**
 * Objects with the same body (empty unless given), SEED_IN_FLIGHT at a time, sent with seedPutter (not the SDK,
 * whose CPU per PUT slowed seeding); the time is logged (seeding is not part of any measurement).
 */
export async function seedKeys(
  context: BenchContext,
  bucket: string,
  keys: string[],
  body: Uint8Array = new Uint8Array(0),
): Promise<void> {
  const started = Date.now();
  let next = 0;
  let lastLog = started;
  const putter = seedPutter(context.sandbox, SEED_IN_FLIGHT);
  await Promise.all(
    Array.from({ length: Math.min(SEED_IN_FLIGHT, keys.length) }, async () => {
      while (next < keys.length) {
        const key = keys[next++];
        await putter.put(bucket, key, body);
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          context.log(`seeding: ${next} of ${keys.length} keys`);
        }
      }
    }),
  ).finally(putter.close);
  const seconds = (Date.now() - started) / 1000;
  context.log(
    `seeded ${keys.length} keys in ${seconds.toFixed(1)} s (${(keys.length / seconds).toFixed(0)} PUT/s, ${SEED_IN_FLIGHT} in flight)`,
  );
}

/**
 * One ListObjectsV2 call from Node, as the median of five made back to back after the machine has settled: a
 * single call ranged from 34 to 260 ms on this machine (a cold socket, Chromium closing the last round's
 * context), and a median of three right after the app's round still ranged from 34 to 186 ms, which made the
 * per-round ratio mostly noise. Settled and warm, this baseline is, if anything, the faster one.
 */
export async function nodeListOnePage(
  context: BenchContext,
  listing: { bucket: string; prefix: string; delimiter?: string; maxKeys?: number },
): Promise<number> {
  const { bucket, prefix, delimiter, maxKeys = 1000 } = listing;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const page = await context.s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, MaxKeys: maxKeys }),
    );
    if (page.KeyCount !== maxKeys) throw new Error(`expected a full page, got ${page.KeyCount} keys`);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** How many keys are left under `prefix`, counted from Node (the server's word, not the page's). */
export async function countKeys(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    count += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

/** Deletes everything under `prefix` from Node, page by page (clean-up, not measured). */
export async function deleteUnder(s3: S3Client, bucket: string, prefix: string): Promise<void> {
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
    const objects = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (!objects.length) return;
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
  }
}

/** A connected page showing the bucket's top level, with `folder`'s row on screen. */
export async function openBucketTop(context: BenchContext, bucket: string, folder: string): Promise<Page> {
  const page = await context.connectedPage();
  await page.goto(`${context.baseURL}/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByRole('link', { name: folder, exact: true }).waitFor();
  return page;
}
