import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketCorsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { JSHandle, Page } from '@playwright/test';
import { MiB } from '../src/s3/upload/part-plan';
import { UPLOAD_TUNING_KEY } from '../src/s3/upload/tuning';
import { connectWithForm, expect, test } from './fixtures';

/** A file made in the page: text, bytes, or `size` random bytes. */
interface FileSpec {
  name: string;
  text?: string;
  bytes?: number[];
  size?: number;
  type?: string;
}

/** A real DataTransfer holding File objects made in the page, as a drag from the desktop carries them. */
async function makeDataTransfer(page: Page, files: FileSpec[]): Promise<JSHandle<DataTransfer>> {
  return page.evaluateHandle((specs) => {
    const transfer = new DataTransfer();
    for (const spec of specs) {
      let body: BlobPart;
      if (spec.text !== undefined) body = spec.text;
      else if (spec.bytes) body = new Uint8Array(spec.bytes);
      else {
        const bytes = new Uint8Array(spec.size ?? 0);
        for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
        body = bytes;
      }
      transfer.items.add(new File([body], spec.name, { type: spec.type ?? '' }));
    }
    return transfer;
  }, files);
}

async function drop(page: Page, files: FileSpec[] | JSHandle<DataTransfer>) {
  const dataTransfer = Array.isArray(files) ? await makeDataTransfer(page, files) : files;
  const zone = page.locator('.drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

/** SHA-256 of the n-th file of a DataTransfer, computed in the page. */
function sha256InPage(transfer: JSHandle<DataTransfer>, index = 0): Promise<string> {
  return transfer.evaluate(async (t, i) => {
    const digest = await crypto.subtle.digest('SHA-256', await t.files[i].arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }, index);
}

async function stored(s3: S3Client, bucket: string, key: string) {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  return { bytes, type: object.ContentType, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

async function openUploads(s3: S3Client, bucket: string) {
  return (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
}

const panel = (page: Page) => page.getByRole('region', { name: 'Uploads' });

/**
 * The app sends files up to 512 MiB in one PUT. These tests shrink its sizes through the browser's tuning override
 * (see src/s3/upload/tuning.ts) so a 40 MiB file goes in nine parts, the last one 5 bytes long.
 */
const SMALL_PARTS = { multipartThreshold: 8 * MiB, partSize: 5 * MiB, partConcurrency: 3 };
const MULTIPART_SIZE = 40 * MiB + 5;

/** Opens the bucket in a fresh document whose upload engine uses small parts. */
async function openWithSmallParts(page: Page, bucket: string) {
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key, value),
    [UPLOAD_TUNING_KEY, JSON.stringify(SMALL_PARTS)],
  );
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
}

test('dropped files with odd names and an empty file arrive byte for byte, with their types', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await expect(page.getByText('This bucket is empty.')).toBeVisible();
  const binary = Array.from(crypto.randomBytes(4099));
  const files: Array<FileSpec & { expectType: string }> = [
    { name: 'a b.txt', text: 'space\n', expectType: 'text/plain' },
    { name: 'plus+sign.txt', text: 'plus', expectType: 'text/plain' },
    { name: '100%.txt', text: 'percent', expectType: 'text/plain' },
    { name: 'hash#tag.txt', text: 'hash', expectType: 'text/plain' },
    { name: 'what?.txt', text: 'question', expectType: 'text/plain' },
    { name: 'ünïcødé 😀.md', text: '# ü\n', expectType: 'text/markdown' },
    { name: 'empty.bin', text: '', expectType: 'application/octet-stream' },
    { name: 'picture.png', bytes: binary, type: 'image/png', expectType: 'image/png' },
    { name: 'data.json', text: '{"a":1}', expectType: 'application/json' },
  ];
  await drop(page, files);

  await expect(panel(page)).toContainText(`${files.length} of ${files.length} files done`);
  for (const file of files) {
    const object = await stored(s3, bucket, file.name);
    const expected = file.bytes ? Buffer.from(file.bytes) : Buffer.from(file.text ?? '');
    expect(object.bytes.equals(expected), file.name).toBe(true);
    expect(object.type, file.name).toBe(file.expectType);
  }
  // The listing refreshes by itself once files are stored.
  await expect(page.getByRole('cell', { name: 'hash#tag.txt', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'ünïcødé 😀.md', exact: true })).toBeVisible();
});

test('"Upload folder" keeps nested paths under the current folder', async ({
  connected: page,
  bucket,
  s3,
  seed,
}) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-e2e-'));
  const tree: Record<string, string> = {
    'tree/top.txt': 'top',
    'tree/sub dir/deeper/x y+z.txt': 'deep',
    'tree/sub dir/ü.csv': 'a,b\n',
  };
  for (const [relative, body] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), body);
  }
  try {
    await seed({ 'in/': '' });
    await page.goto(`/?bucket=${encodeURIComponent(bucket)}&prefix=in%2F`);
    await expect(page.getByText('This folder is empty.')).toBeVisible();
    await page.getByLabel('Folder to upload').setInputFiles(path.join(root, 'tree'));
    await expect(panel(page)).toContainText('3 of 3 files done');
    for (const [relative, body] of Object.entries(tree)) {
      const object = await stored(s3, bucket, `in/${relative}`);
      expect(object.bytes.toString(), relative).toBe(body);
    }
    expect((await stored(s3, bucket, 'in/tree/sub dir/ü.csv')).type).toBe('text/csv');
    await page.getByRole('link', { name: 'tree/' }).click();
    await expect(page.getByRole('link', { name: 'sub dir/' })).toBeVisible();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('"Upload" picks several files', async ({ connected: page, bucket, s3 }) => {
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByLabel('Files to upload').setInputFiles([
    { name: 'one.txt', mimeType: 'text/plain', buffer: Buffer.from('1') },
    { name: 'two.txt', mimeType: 'text/plain', buffer: Buffer.from('22') },
  ]);
  await expect(panel(page)).toContainText('2 of 2 files done');
  expect((await stored(s3, bucket, 'two.txt')).bytes.toString()).toBe('22');
});

test('a large file goes multipart and its parts are retried after failures', async ({
  connected: page,
  bucket,
  s3,
}) => {
  // Retries wait out their backoff: on a loaded 2-core machine this takes close to the default 60 s.
  test.slow();
  await openWithSmallParts(page, bucket);
  const failed = new Set<string>();
  const parts = new Set<string>();
  // Part 2's first try dies on the network; part 3's first try gets a 500 (with CORS headers, as RGW sends them).
  await page.route(/[?&]partNumber=\d+/, async (route) => {
    const part = new URL(route.request().url()).searchParams.get('partNumber')!;
    if (route.request().method() !== 'PUT') return route.continue();
    parts.add(part);
    if (part === '2' && !failed.has(part)) {
      failed.add(part);
      return route.abort('connectionreset');
    }
    if (part === '3' && !failed.has(part)) {
      failed.add(part);
      return route.fulfill({
        status: 500,
        contentType: 'application/xml',
        headers: {
          'Access-Control-Allow-Origin': new URL(page.url()).origin,
          'Access-Control-Expose-Headers': 'ETag',
        },
        body: '<?xml version="1.0"?><Error><Code>InternalError</Code><Message>injected</Message></Error>',
      });
    }
    return route.continue();
  });
  const transfer = await makeDataTransfer(page, [{ name: 'big.bin', size: MULTIPART_SIZE }]);
  const expected = await sha256InPage(transfer);
  await drop(page, transfer);

  await expect(panel(page)).toContainText('1 of 1 file done', { timeout: 150_000 });
  expect([...failed].sort()).toEqual(['2', '3']);
  expect(parts.size).toBe(Math.ceil(MULTIPART_SIZE / SMALL_PARTS.partSize));
  const object = await stored(s3, bucket, 'big.bin');
  expect(object.bytes.length).toBe(MULTIPART_SIZE);
  expect(object.sha256).toBe(expected);
  expect(await openUploads(s3, bucket)).toEqual([]);
});

test('cancelling a multipart upload midway leaves nothing on the server', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await openWithSmallParts(page, bucket);
  // Parts after the first crawl, so the upload is surely still running when Cancel is pressed.
  await page.route(/[?&]partNumber=\d+/, async (route) => {
    const part = new URL(route.request().url()).searchParams.get('partNumber');
    if (route.request().method() === 'PUT' && part !== '1') await new Promise((r) => setTimeout(r, 3000));
    await route.continue().catch(() => {});
  });
  await drop(page, [{ name: 'cancel me.bin', size: MULTIPART_SIZE }]);
  // Midway, as the server sees it: an upload with a stored part.
  await expect
    .poll(
      async () => {
        const [upload] = await openUploads(s3, bucket);
        if (!upload) return 0;
        const listed = await s3.send(
          new ListPartsCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }),
        );
        return listed.Parts?.length ?? 0;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);

  await panel(page).getByRole('button', { name: 'Cancel cancel me.bin' }).click();
  await expect(panel(page)).toContainText('Cancelled');
  await expect(panel(page)).toContainText('1 cancelled');
  expect(await openUploads(s3, bucket)).toEqual([]);
  await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cancel me.bin' }))).rejects.toThrow();
  // A cancelled file can be started again.
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await panel(page).getByRole('button', { name: 'Retry cancel me.bin' }).click();
  await expect(panel(page)).toContainText('1 of 1 file done', { timeout: 60_000 });
  expect((await stored(s3, bucket, 'cancel me.bin')).bytes.length).toBe(MULTIPART_SIZE);
});

test('existing keys and duplicates ask first: Skip keeps the server copy, Overwrite replaces it', async ({
  connected: page,
  bucket,
  s3,
  seed,
}) => {
  await seed({ 'exists.txt': 'server copy', 'old-1.txt': 'old 1', 'old-2.txt': 'old 2' });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await expect(page.getByRole('cell', { name: 'exists.txt', exact: true })).toBeVisible();

  await drop(page, [
    { name: 'exists.txt', text: 'dropped copy' },
    { name: 'fresh.txt', text: 'fresh' },
  ]);
  const question = page.getByRole('dialog', { name: '“exists.txt” already exists' });
  await expect(question).toBeVisible();
  await question.getByRole('button', { name: 'Skip' }).click();
  await expect(panel(page)).toContainText('1 of 1 file done');
  expect((await stored(s3, bucket, 'exists.txt')).bytes.toString()).toBe('server copy');
  expect((await stored(s3, bucket, 'fresh.txt')).bytes.toString()).toBe('fresh');

  // Two questions, answered once for all.
  await drop(page, [
    { name: 'old-1.txt', text: 'new 1' },
    { name: 'old-2.txt', text: 'new 2' },
  ]);
  const first = page.getByRole('dialog', { name: '“old-1.txt” already exists' });
  await first.getByLabel(/Apply to all 2 remaining/).check();
  await first.getByRole('button', { name: 'Overwrite' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(panel(page)).toContainText('3 of 3 files done');
  expect((await stored(s3, bucket, 'old-1.txt')).bytes.toString()).toBe('new 1');
  expect((await stored(s3, bucket, 'old-2.txt')).bytes.toString()).toBe('new 2');

  // The same name twice in one drop: Skip keeps the first.
  await drop(page, [
    { name: 'twice.txt', text: 'first' },
    { name: 'twice.txt', text: 'second' },
  ]);
  await page
    .getByRole('dialog', { name: '2 files are named “twice.txt”' })
    .getByRole('button', { name: 'Skip' })
    .click();
  await expect(panel(page)).toContainText('4 of 4 files done');
  expect((await stored(s3, bucket, 'twice.txt')).bytes.toString()).toBe('first');
});

test('a drop of more than 10,000 files asks first', async ({ connected: page, bucket, s3 }) => {
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  const transfer = await page.evaluateHandle(() => {
    const t = new DataTransfer();
    for (let i = 0; i <= 10_000; i++) t.items.add(new File(['x'], `f${i}.txt`));
    return t;
  });
  await drop(page, transfer);
  const confirm = page.getByRole('dialog', { name: 'Upload 10,001 files?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(panel(page)).toHaveCount(0);
  const head = s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'f0.txt' }));
  await expect(head).rejects.toThrow();
});

test('through the relay, uploads (multipart too) travel the same way', async ({
  page,
  sandbox,
  bucket,
  s3,
}) => {
  await connectWithForm(page, sandbox, { transport: 'relay' });
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  const direct: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(sandbox.endpoint)) direct.push(request.url());
  });
  await openWithSmallParts(page, bucket);
  const transfer = await makeDataTransfer(page, [
    { name: 'via relay.bin', size: MULTIPART_SIZE },
    { name: 'small+relay.txt', text: 'small' },
  ]);
  const expected = await sha256InPage(transfer);
  await drop(page, transfer);
  await expect(panel(page)).toContainText('2 of 2 files done', { timeout: 60_000 });
  expect((await stored(s3, bucket, 'via relay.bin')).sha256).toBe(expected);
  expect((await stored(s3, bucket, 'small+relay.txt')).bytes.toString()).toBe('small');
  expect(direct).toEqual([]);
});

test('a bucket whose CORS rule hides ETag gets a clear error, not a hang, and no parts stay', async ({
  connected: page,
  bucket,
  s3,
  baseURL,
}) => {
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [baseURL!],
            AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
            AllowedHeaders: ['*'],
          },
        ],
      },
    }),
  );
  await openWithSmallParts(page, bucket);
  await drop(page, [{ name: 'hidden-etag.bin', size: MULTIPART_SIZE }]);
  await expect(panel(page)).toContainText('1 failed', { timeout: 60_000 });
  await expect(panel(page)).toContainText('ETag');
  await expect(panel(page)).toContainText('ExposeHeaders');
  expect(await openUploads(s3, bucket)).toEqual([]);
});

test('closing the tab during an upload asks first', async ({ connected: page, bucket }) => {
  await openWithSmallParts(page, bucket);
  await page.route(/[?&]partNumber=\d+/, async (route) => {
    await new Promise((r) => setTimeout(r, 5000));
    await route.continue().catch(() => {});
  });
  await drop(page, [{ name: 'slow.bin', size: MULTIPART_SIZE }]);
  await expect(panel(page)).toContainText('Uploading');
  // Chromium shows the prompt only after the user touched the page.
  await page.getByRole('heading', { name: 'Uploads' }).click();
  const prompt = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await prompt;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await panel(page).getByRole('button', { name: 'Cancel all' }).click();
  await expect(panel(page)).toContainText('1 cancelled');
});

/** Each byte value, CR, LF and '-' among them, four times over. */
const everyByte = Array.from({ length: 1024 }, (_, i) => i % 256);

test('small files go as one form POST each, and a bucket that refuses POST gets PUTs', async ({
  connected: page,
  bucket,
  s3,
}) => {
  const methods: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes(`/${bucket}`) && ['PUT', 'POST'].includes(request.method())) {
      methods.push(request.method());
    }
  });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await drop(page, [
    { name: 'one.txt', text: 'first' },
    { name: 'two.bin', size: 300_000 },
    { name: 'hard ä b+c%d#e?.txt', text: 'hard key' },
    { name: 'every-byte.bin', bytes: everyByte },
  ]);
  await expect(panel(page)).toContainText('4 of 4 files done');
  expect(methods).toEqual(['POST', 'POST', 'POST', 'POST']);
  expect([...(await stored(s3, bucket, 'every-byte.bin')).bytes]).toEqual(everyByte);
  expect((await stored(s3, bucket, 'one.txt')).bytes.toString()).toBe('first');
  expect((await stored(s3, bucket, 'hard ä b+c%d#e?.txt')).bytes.toString()).toBe('hard key');
  expect((await stored(s3, bucket, 'two.bin')).bytes).toHaveLength(300_000);
  expect((await stored(s3, bucket, 'one.txt')).type).toBe('text/plain');

  // A server (or CORS rule) without POST: the first failure switches the bucket to PUTs, and nothing is lost.
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await page.route(
    (url) => url.pathname.startsWith(`/${bucket}`),
    (route) => (route.request().method() === 'POST' ? route.abort('failed') : route.fallback()),
  );
  methods.length = 0;
  await drop(page, [
    { name: 'three.txt', text: 'third' },
    { name: 'four.txt', text: 'fourth' },
  ]);
  await expect(panel(page)).toContainText('2 of 2 files done');
  expect(methods.filter((m) => m === 'PUT')).toHaveLength(2);
  expect((await stored(s3, bucket, 'three.txt')).bytes.toString()).toBe('third');
  expect((await stored(s3, bucket, 'four.txt')).bytes.toString()).toBe('fourth');
});

/** Many small text files, each with its own contents. */
const smallFiles = (count: number): FileSpec[] =>
  Array.from({ length: count }, (_, i) => ({ name: `small-${i}.txt`, text: `file ${i}\n`.repeat(i + 1) }));

async function expectStored(s3: S3Client, bucket: string, files: FileSpec[]) {
  for (const file of files) {
    const object = await stored(s3, bucket, file.name);
    expect(object.bytes.toString(), file.name).toBe(file.text);
    expect(object.type, file.name).toBe('text/plain');
  }
}

test('a drop of many small files goes in batches through the app server; a broken batch loses nothing', async ({
  connected: page,
  bucket,
  s3,
}) => {
  const batches: string[] = [];
  const direct: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/_relay/batch') batches.push(request.method());
    else if (url.pathname.startsWith(`/${bucket}/`) && ['PUT', 'POST'].includes(request.method())) {
      direct.push(request.method());
    }
  });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  const first = smallFiles(60);
  await drop(page, first);
  await expect(panel(page)).toContainText('60 of 60 files done');
  // Spread over the five request slots (the last few files one each): far fewer requests than files.
  expect(batches.length).toBeGreaterThanOrEqual(5);
  expect(batches.length + direct.length).toBeLessThanOrEqual(20);
  await expectStored(s3, bucket, first);
  await panel(page).getByRole('button', { name: 'Close' }).click();

  // The first batch of the next drop breaks on its way: its files go again one by one, and all arrive.
  let broken = 0;
  await page.route('**/_relay/batch', (route) => (broken++ === 0 ? route.abort('failed') : route.fallback()));
  batches.length = 0;
  const second = smallFiles(30).map((file) => ({ ...file, name: `again-${file.name}` }));
  await drop(page, second);
  await expect(panel(page)).toContainText('30 of 30 files done');
  expect(broken).toBeGreaterThanOrEqual(2);
  expect(direct.length).toBeGreaterThan(0);
  expect(direct.length).toBeLessThan(30);
  await expectStored(s3, bucket, second);
});

test('with the connection set to "direct", small files never pass through the app server', async ({
  page,
  sandbox,
  bucket,
  s3,
}) => {
  await connectWithForm(page, sandbox, { transport: 'direct' });
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  const relayed: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/_relay/')) relayed.push(request.url());
  });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  const files = smallFiles(20);
  await drop(page, files);
  await expect(panel(page)).toContainText('20 of 20 files done');
  expect(relayed.filter((url) => !url.endsWith('/_relay/config'))).toEqual([]);
  await expectStored(s3, bucket, files);
});

test('Cancel all during batches cancels every file; nothing is sent or stored', async ({
  connected: page,
  bucket,
  s3,
}) => {
  // Batches are held on their way to the app server, so Cancel is pressed while every file is in one.
  const held: string[] = [];
  await page.route('**/_relay/batch', (route) => {
    held.push(route.request().url());
    return new Promise<void>(() => {});
  });
  const direct: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith(`/${bucket}/`) && request.method() === 'POST') {
      direct.push(request.url());
    }
  });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await drop(page, smallFiles(30));
  await expect.poll(() => held.length).toBe(5);
  await panel(page).getByRole('button', { name: 'Cancel all' }).click();
  await expect(panel(page)).toContainText('30 cancelled');
  expect(direct).toEqual([]);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  expect(listed.KeyCount).toBe(0);
});
