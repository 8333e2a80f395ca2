import {
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
} from '@aws-sdk/client-s3';
import fs from 'node:fs';
import type { Route } from '@playwright/test';
import { MiB } from '../src/s3/upload/part-plan';
import { UPLOAD_TUNING_KEY } from '../src/s3/upload/tuning';
import { connectWithForm, expect, test } from './fixtures';

test('connecting with typed keys lands on the bucket list with creation dates', async ({
  page,
  sandbox,
  s3,
}) => {
  await connectWithForm(page, sandbox);
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  const { Buckets } = await s3.send(new ListBucketsCommand({}));
  const demo = Buckets!.find((b) => b.Name === sandbox.bucket)!;
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: sandbox.bucket, exact: true }) });
  await expect(row.getByRole('cell').nth(1)).toHaveText(demo.CreationDate!.toISOString());
  await expect(page.getByRole('columnheader', { name: 'Name' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Created' })).toBeVisible();
});

test('the sandbox is offered as a ready profile', async ({ page, sandbox }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect to the local sandbox' }).click();
  await expect(page.getByRole('link', { name: sandbox.bucket, exact: true })).toBeVisible();
});

test('the bucket list sorts and filters', async ({ connected: page, bucket }) => {
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('link', { name: bucket, exact: true })).toBeVisible();
  await page.getByLabel('Filter buckets').fill(bucket);
  await expect(page.getByRole('row')).toHaveCount(2);
  await page.getByLabel('Filter buckets').fill('');
  await page.getByRole('button', { name: 'Created' }).click();
  await expect(page.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: 'Created' }).click();
  await expect(page.getByRole('columnheader', { name: 'Created' })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  // Newest first: the bucket this test just made is on top.
  await expect(page.getByRole('row').nth(1)).toContainText(bucket);
});

test('a wrong secret key is named as such and keeps the user on the form', async ({ page, sandbox }) => {
  const wrongSecret = 'not-the-right-secret-0000000000';
  await connectWithForm(page, sandbox, { secretKey: wrongSecret });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The secret key does not match the access key');
  await expect(alert).toContainText('SignatureDoesNotMatch');
  await expect(alert).not.toContainText(wrongSecret);
  await expect(page.getByLabel('Endpoint')).toBeVisible();
});

test('an unknown access key is named as such', async ({ page, sandbox }) => {
  await connectWithForm(page, sandbox, { accessKey: 'NOSUCHKEY00000000000' });
  await expect(page.getByRole('alert')).toContainText('does not know this access key');
});

test('an endpoint without a scheme is refused before any request', async ({ page, sandbox }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await connectWithForm(page, sandbox, { endpoint: '127.0.0.1:7480' });
  await expect(page.getByRole('alert')).toContainText('has no scheme');
  expect(requests.filter((url) => url.includes(':7480'))).toEqual([]);
});

test('an unreachable endpoint and a web page are told apart from S3 errors', async ({
  page,
  sandbox,
  baseURL,
}) => {
  await connectWithForm(page, sandbox, { endpoint: 'http://127.0.0.1:9', transport: 'direct' });
  await expect(page.getByRole('alert')).toContainText('Could not reach http://127.0.0.1:9');
  await connectWithForm(page, sandbox, { endpoint: new URL(baseURL!).origin, transport: 'direct' });
  await expect(page.getByRole('alert')).toContainText('not like an S3 server');
});

test('direct mode explains the CORS wall and offers Open bucket', async ({ page, sandbox, bucket, seed }) => {
  await seed({ 'inside.txt': 'x' });
  await connectWithForm(page, sandbox, { transport: 'direct' });
  await expect(page.getByRole('alert')).toContainText('does not let a web page list buckets');
  await page.getByLabel('Bucket name').fill(bucket);
  await page.getByRole('button', { name: 'Open bucket' }).click();
  await expect(page.getByText('inside.txt')).toBeVisible();
  // Remembered for this profile.
  await page.getByRole('link', { name: 'Buckets' }).click();
  await expect(page.getByRole('button', { name: bucket })).toBeVisible();
});

test('a bucket without a CORS rule is reported as CORS, not as a dead server', async ({ page, sandbox }) => {
  await connectWithForm(page, sandbox, { transport: 'direct' });
  await page.getByLabel('Bucket name').fill(sandbox.bucket + '-no-such');
  await page.getByRole('button', { name: 'Open bucket' }).click();
  // A bucket that does not exist has no CORS rule either: the browser sees a CORS refusal.
  await expect(page.getByRole('alert').last()).toContainText('CORS');
});

test('Disconnect forgets the keys of this tab', async ({ connected: page }) => {
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByLabel('Secret key')).toHaveValue('');
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('secret');
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('secret-key');
});

test('Disconnect during an upload asks, then cancels it: nothing is left on the server', async ({
  connected: page,
  bucket,
  s3,
}, testInfo) => {
  // Small parts (see src/s3/upload/tuning.ts), and every part after the first held back: the upload is surely
  // running, with one part stored, when Disconnect is pressed.
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key, value),
    [
      UPLOAD_TUNING_KEY,
      JSON.stringify({ multipartThreshold: 8 * MiB, partSize: 5 * MiB, partConcurrency: 2 }),
    ],
  );
  const held: Route[] = [];
  await page.route(/[?&]partNumber=\d+/, (route) => {
    const part = new URL(route.request().url()).searchParams.get('partNumber');
    if (route.request().method() === 'PUT' && part !== '1') held.push(route);
    else return route.continue();
  });
  await page.goto(`/?bucket=${bucket}`);
  // A file on disk: Chromium reads it itself (a buffer would travel through the test protocol, slowly).
  // In the test's output folder, which Playwright empties at the next run.
  const file = testInfo.outputPath('big.bin');
  fs.writeFileSync(file, Buffer.alloc(20 * MiB, 7));
  await page.getByLabel('Files to upload').setInputFiles(file);
  // Generous: the upload runs on a busy two-core machine.
  await expect
    .poll(
      async () => {
        const [upload] = (await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? [];
        if (!upload) return 0;
        const listed = await s3.send(
          new ListPartsCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }),
        );
        return listed.Parts?.length ?? 0;
      },
      { timeout: 45_000 },
    )
    .toBeGreaterThan(0);

  // Asked first; "Keep uploading" changes nothing.
  await page.getByRole('button', { name: 'Disconnect' }).click();
  const dialog = page.getByRole('dialog', { name: 'Disconnect and cancel uploads?' });
  await expect(dialog).toContainText('An upload is still running');
  await dialog.getByRole('button', { name: 'Keep uploading' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Uploads' })).toContainText('Uploading');

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await dialog.getByRole('button', { name: 'Cancel uploads and disconnect' }).click();
  await expect(page.getByLabel('Secret key')).toHaveValue('');
  // The multipart upload was aborted before the keys went: no parts, no object.
  expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads ?? []).toEqual([]);
  await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }))).rejects.toThrow();
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('secret');
  expect(held.length).toBeGreaterThan(0);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  fs.rmSync(file);
});

// RGW accepts any region; AWS does not. These answers are AWS's, put in front of the real sandbox by a route.
test('a wrong region is named, with the right one and what to do', async ({ page, sandbox, bucket }) => {
  await page.route(
    (url) => url.pathname === '/_relay/s3/' || url.pathname === '/_relay/s3',
    (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/xml',
        body:
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>The ' +
          "authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message>" +
          '<Region>eu-west-1</Region><RequestId>R1</RequestId></Error>',
      }),
  );
  await connectWithForm(page, sandbox);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(
    `${sandbox.endpoint} expects region eu-west-1, but this connection signs for us-east-1.`,
  );
  await expect(alert).toContainText('connect again with Region set to eu-west-1');
  await expect(page.getByLabel('Endpoint')).toBeVisible();
  await page.unrouteAll();

  // A bucket in another region: 301 PermanentRedirect naming it in x-amz-bucket-region (exposed by CORS, as AWS does).
  await connectWithForm(page, sandbox);
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  const origin = new URL(page.url()).origin;
  await page.route(
    (url) => url.pathname === `/${bucket}/` && url.searchParams.get('list-type') === '2',
    (route) =>
      route.fulfill({
        status: 301,
        contentType: 'application/xml',
        headers: {
          'x-amz-bucket-region': 'eu-central-1',
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Expose-Headers': 'x-amz-bucket-region',
        },
        body:
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PermanentRedirect</Code><Message>The bucket you ' +
          'are attempting to access must be addressed using the specified endpoint.</Message>' +
          `<Endpoint>${bucket}.s3.eu-central-1.amazonaws.com</Endpoint><Bucket>${bucket}</Bucket></Error>`,
      }),
  );
  await page.goto(`/?bucket=${bucket}`);
  const notice = page.getByRole('alert');
  await expect(notice).toContainText(`Bucket "${bucket}" is in region eu-central-1`);
  await expect(notice).toContainText('Region set to eu-central-1');
  await expect(notice).not.toContainText(sandbox.secretKey);
});
