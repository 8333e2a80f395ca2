import crypto from 'node:crypto';
import fs from 'node:fs';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { Page, Route } from '@playwright/test';
import { MiB } from '../src/s3/upload/part-plan';
import { UPLOAD_TUNING_KEY } from '../src/s3/upload/tuning';
import { connectWithForm, eachLimited, expect, nodeClient, test } from './fixtures';
import { startPrivateSandbox, type PrivateSandbox } from './private-sandbox';

/**
 * The S3 server really goes away and comes back: RGW of a private sandbox (never the shared one) is killed and
 * started again while the page lists or uploads. The cluster behind it keeps running, so stored data survives.
 */
test.describe.configure({ mode: 'serial' });

let sandbox: PrivateSandbox;

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(180_000);
  sandbox = await startPrivateSandbox(baseURL!);
});

// Runs when a test fails too; a crashed worker is covered by e2e/global-teardown.ts.
test.afterAll(async () => {
  test.setTimeout(60_000);
  await sandbox?.stop();
});

/** Whatever a test stopped is started again, even when it failed midway. */
test.afterEach(async () => {
  if (sandbox && !(await rgwAnswers())) await sandbox.startRgw();
});

async function rgwAnswers() {
  return fetch(`${sandbox.endpoint}/`).then(
    (r) => r.ok,
    () => false,
  );
}

/** Direct mode: the private sandbox's bucket has a CORS rule for this app; nothing goes through the relay. */
async function openBucket(page: Page, prefix = '') {
  await connectWithForm(page, sandbox, { transport: 'direct' });
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.goto(`/?bucket=${sandbox.bucket}${prefix ? `&prefix=${encodeURIComponent(prefix)}` : ''}`);
}

const itemCount = (page: Page) => page.getByRole('status').filter({ hasText: 'items' });

test('RGW stops mid-listing: a clear error, no partial listing shown as complete, Retry recovers', async ({
  page,
}) => {
  const s3 = nodeClient(sandbox);
  const keys = Array.from({ length: 1500 }, (_, i) => `many/k${String(i).padStart(4, '0')}`);
  await eachLimited(keys, 16, (Key) =>
    s3.send(new PutObjectCommand({ Bucket: sandbox.bucket, Key, Body: '' })),
  );

  await openBucket(page, 'many/');
  await expect(page.getByRole('button', { name: 'k0000', exact: true })).toBeVisible();
  await expect(itemCount(page)).not.toHaveText('1500 items'); // one page of 1000 so far

  await sandbox.stopRgw();
  // Scrolling asks for the next page, from a server that is gone.
  const scroller = page.locator('.table-scroll');
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(`Could not reach ${sandbox.endpoint}`, { timeout: 30_000 });
  await expect(alert).toContainText('that the server is running');
  await expect(itemCount(page)).not.toHaveText('1500 items');
  // Back at the top: at the bottom the table asks for the next page by itself, which would hide what Retry does.
  await scroller.evaluate((el) => el.scrollTo(0, 0));

  await sandbox.startRgw();
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(alert).toBeHidden();
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(itemCount(page)).toHaveText('1500 items', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByRole('button', { name: 'k1499', exact: true })).toBeVisible();
});

test('RGW stops mid-upload: the file fails clearly, is not shown as done, and Retry stores it whole', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const s3 = nodeClient(sandbox);
  await page.goto('/');
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key, value),
    [
      UPLOAD_TUNING_KEY,
      JSON.stringify({ multipartThreshold: 8 * MiB, partSize: 5 * MiB, partConcurrency: 2 }),
    ],
  );
  // Parts after the first are held until the server is gone, so it surely vanishes mid-upload.
  const held: Route[] = [];
  let holding = true;
  await page.route(/[?&]partNumber=\d+/, (route) => {
    const part = new URL(route.request().url()).searchParams.get('partNumber');
    if (holding && route.request().method() === 'PUT' && part !== '1') held.push(route);
    else return route.continue().catch(() => {});
  });
  await openBucket(page);
  // A file on disk, as a person picks one (a buffer would travel through the test protocol, slowly).
  const body = crypto.randomBytes(20 * MiB);
  const file = test.info().outputPath('restart.bin');
  fs.writeFileSync(file, body);
  await page.getByLabel('Files to upload').setInputFiles(file);
  // Midway, as the server sees it: an upload with a stored part.
  await expect
    .poll(
      async () => {
        const [upload] =
          (await s3.send(new ListMultipartUploadsCommand({ Bucket: sandbox.bucket }))).Uploads ?? [];
        if (!upload) return 0;
        const listed = await s3.send(
          new ListPartsCommand({ Bucket: sandbox.bucket, Key: upload.Key, UploadId: upload.UploadId }),
        );
        return listed.Parts?.length ?? 0;
      },
      { timeout: 45_000 },
    )
    .toBeGreaterThan(0);

  await sandbox.stopRgw();
  holding = false;
  for (const route of held) await route.continue().catch(() => {});

  const panel = page.getByRole('region', { name: 'Uploads' });
  const row = panel.getByRole('listitem').filter({ hasText: 'restart.bin' });
  // The engine retries network failures for a few seconds before it gives up.
  await expect(row).toContainText('Failed', { timeout: 60_000 });
  await expect(row).toContainText(`Could not reach ${sandbox.endpoint}`);
  await expect(panel).toContainText('0 of 1 file done, 1 failed');
  await expect(row).not.toContainText('Done');

  await sandbox.startRgw();
  await expect(
    s3.send(new HeadObjectCommand({ Bucket: sandbox.bucket, Key: 'restart.bin' })),
  ).rejects.toThrow();
  await row.getByRole('button', { name: 'Retry restart.bin' }).click();
  await expect(panel).toContainText('1 of 1 file done', { timeout: 90_000 });
  const stored = await s3.send(new GetObjectCommand({ Bucket: sandbox.bucket, Key: 'restart.bin' }));
  const bytes = Buffer.from(await stored.Body!.transformToByteArray());
  expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(
    crypto.createHash('sha256').update(body).digest('hex'),
  );
  // The upload that was cut off could not be aborted while the server was gone: say how many remain.
  const orphans = (await s3.send(new ListMultipartUploadsCommand({ Bucket: sandbox.bucket }))).Uploads ?? [];
  fs.rmSync(file);
  test.info().annotations.push({
    type: 'multipart uploads left by the cut-off attempt',
    description: String(orphans.length),
  });
});
