import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketCorsCommand,
  HeadBucketCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { eachLimited, expect, test } from './fixtures';
import { purgeBucket } from './purge';

// Room for every row of the small listings below (the object table is virtualized).
test.use({ viewport: { width: 1280, height: 1100 } });

const uniqueName = (tag: string) =>
  `e2e-${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

async function headStatus(s3: S3Client, bucket: string): Promise<number> {
  try {
    return (await s3.send(new HeadBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode ?? 0;
  } catch (error) {
    return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? -1;
  }
}

/** Every request that leaves the page for S3, directly or through the relay. */
function s3Requests(page: Page, endpoint: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(endpoint) || url.includes('/_relay/s3')) seen.push(`${request.method()} ${url}`);
  });
  return seen;
}

/**
 * The bucket: `objects` keys, versioning on, three keys rewritten twice (6 older versions), one key
 * deleted (its version plus a delete marker), and one multipart upload left unfinished. No CORS rule: the page
 * reaches it through the relay.
 */
async function makeFullBucket(s3: S3Client, bucket: string, objects: number) {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  const keys = Array.from({ length: objects }, (_, i) => `data/${String(i).padStart(5, '0')}.txt`);
  await eachLimited(keys, 32, (Key) => s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key })));
  for (const Key of keys.slice(0, 3)) {
    for (const v of ['v2', 'v3']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: v }));
  }
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'gone.txt', Body: 'x' }));
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'gone.txt' }));
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big/unfinished.bin' }),
  );
  await s3.send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: 'big/unfinished.bin',
      UploadId,
      PartNumber: 1,
      Body: Buffer.alloc(5 * 1024 * 1024, 1),
    }),
  );
}

async function openBucketList(page: Page, bucket: string) {
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('link', { name: bucket, exact: true })).toBeVisible();
}

test('creates a bucket; invalid names are refused, with the reason, before any request', async ({
  connected: page,
  sandbox,
  s3,
  baseURL,
}) => {
  const name = uniqueName('create');
  try {
    await expect(page.getByRole('link', { name: sandbox.bucket, exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Create bucket' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create bucket' });
    const field = dialog.getByLabel('Bucket name');
    const create = dialog.getByRole('button', { name: 'Create', exact: true });
    const sent = s3Requests(page, sandbox.endpoint);

    const invalid: Array<[string, RegExp]> = [
      ['My_Bucket', /lower-case letters only/],
      ['ab', /3 to 63 characters \(this name has 2\)/],
      ['192.168.5.4', /IP address/],
      ['xn--punycode', /starting with “xn--” are reserved/],
      ['logs-s3alias', /ending with “-s3alias” are reserved/],
      ['a..b', /Two dots/],
      ['-dash', /Start with a letter or a digit/],
      [sandbox.bucket, /already have a bucket with this name/],
    ];
    for (const [value, reason] of invalid) {
      await field.fill(value);
      await expect(dialog.getByText(reason)).toBeVisible();
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(create).toBeDisabled();
      await field.press('Enter'); // submitting by keyboard sends nothing either
    }
    expect(sent).toEqual([]);

    await field.fill(name);
    await expect(dialog.getByText('Valid name.')).toBeVisible();
    await expect(dialog.getByLabel('Region (location constraint)')).toHaveValue('us-east-1');
    await create.click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: `Bucket “${name}” created.` })).toBeVisible();
    // Shown without a reload: the bucket list was refetched.
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();

    expect(await headStatus(s3, name)).toBe(200);
    const cors = await s3.send(new GetBucketCorsCommand({ Bucket: name }));
    expect(cors.CORSRules?.[0].AllowedOrigins).toEqual([baseURL]);
  } finally {
    await purgeBucket(s3, name);
  }
});

test('deletes an empty bucket after confirmation', async ({ connected: page, s3 }) => {
  const name = uniqueName('empty');
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  try {
    await openBucketList(page, name);
    await page.getByRole('button', { name: `Delete bucket ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete bucket “${name}”?` });
    await dialog.getByRole('button', { name: 'Delete bucket' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: `Bucket “${name}” deleted.` })).toBeVisible();
    await expect(page.getByRole('link', { name, exact: true })).toBeHidden();
    expect(await headStatus(s3, name)).toBe(404);
  } finally {
    await purgeBucket(s3, name);
  }
});

test('force-deletes a bucket holding >1000 objects, versions, a delete marker and an unfinished upload', async ({
  connected: page,
  sandbox,
  s3,
}) => {
  test.setTimeout(120_000);
  const name = uniqueName('force');
  try {
    await makeFullBucket(s3, name, 1100);
    await openBucketList(page, name);
    const sent = s3Requests(page, sandbox.endpoint);

    await page.getByRole('button', { name: `Delete bucket ${name}` }).click();
    await page
      .getByRole('dialog', { name: `Delete bucket “${name}”?` })
      .getByRole('button', { name: 'Delete bucket' })
      .click();
    const explained = page.getByRole('dialog', { name: `“${name}” is not empty` });
    await expect(explained.getByRole('alert')).toContainText('BucketNotEmpty');
    await explained.getByRole('button', { name: 'Delete everything…' }).click();

    const dialog = page.getByRole('dialog', { name: `Force delete “${name}”` });
    const go = dialog.getByRole('button', { name: 'Delete bucket and everything in it' });
    await expect(go).toBeDisabled();
    await dialog.getByLabel(`Type “${name}” to confirm`).fill(name.slice(0, -1));
    await expect(go).toBeDisabled();
    await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
    const started = Date.now();
    await go.click();

    const status = dialog.getByRole('status').filter({ hasText: 'removed' });
    await expect(status).toContainText(`Bucket “${name}” deleted`, { timeout: 90_000 });
    console.log(`UI force delete of ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const fact = (label: string) => status.locator(`dt:text-is("${label}") + dd`);
    await expect(fact('Objects removed')).toHaveText('1,100');
    await expect(fact('Older versions removed')).toHaveText('7');
    await expect(fact('Delete markers removed')).toHaveText('1');
    await expect(fact('Unfinished uploads aborted')).toHaveText('1');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('link', { name, exact: true })).toBeHidden();

    // Gone on the server, and the page reached it through the relay (the bucket gives the page no CORS).
    expect(await headStatus(s3, name)).toBe(404);
    const deletes = sent.filter((r) => r.startsWith('POST'));
    expect(deletes.length).toBeGreaterThanOrEqual(2);
    expect(deletes.every((r) => r.includes('/_relay/s3'))).toBe(true);
  } finally {
    await purgeBucket(s3, name);
  }
});

test('a forced delete can be cancelled: the bucket and the rest stay', async ({ connected: page, s3 }) => {
  test.setTimeout(120_000);
  const name = uniqueName('cancel');
  try {
    await makeFullBucket(s3, name, 1200);
    await openBucketList(page, name);
    await page.getByRole('button', { name: `Delete bucket ${name}` }).click();
    await page
      .getByRole('dialog', { name: `Delete bucket “${name}”?` })
      .getByRole('button', { name: 'Delete bucket' })
      .click();
    await page.getByRole('button', { name: 'Delete everything…' }).click();
    const dialog = page.getByRole('dialog', { name: `Force delete “${name}”` });
    await dialog.getByLabel(`Type “${name}” to confirm`).fill(name);
    await dialog.getByRole('button', { name: 'Delete bucket and everything in it' }).click();
    await expect(dialog.getByRole('status')).toContainText('Deleting objects and versions');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog.getByRole('status')).toContainText('Cancelled.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    expect(await headStatus(s3, name)).toBe(200);
  } finally {
    await purgeBucket(s3, name);
  }
});

test('bucket details: creation date, region, versioning, CORS rules, and a count on demand', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'a.txt': 'aaaa', 'b/c.txt': 'cc', 'b/d/e.txt': 'e' });
  await openBucketList(page, bucket);
  const created = await page
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: bucket, exact: true }) })
    .getByRole('cell')
    .nth(1)
    .textContent();
  await page.getByRole('button', { name: `Details of ${bucket}` }).click();
  const dialog = page.getByRole('dialog', { name: `Bucket “${bucket}”` });
  const fact = (label: string) => dialog.locator(`dt:text-is("${label}") + dd`);
  await expect(fact('Created')).toHaveText(created!);
  await expect(fact('Region')).toHaveText('default'); // RGW's zonegroup
  await expect(fact('Versioning')).toContainText('Off. An overwrite or delete replaces the object for good');
  await expect(dialog.getByRole('region', { name: 'CORS rules' })).toContainText('ETag');
  await expect(dialog).toContainText('may call the bucket directly');
  await dialog.getByRole('button', { name: 'Count objects' }).click();
  await expect(fact('Objects')).toContainText('3 objects, 7 B');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('the unordered option lists the same keys, flat, and falls back when the server refuses it', async ({
  connected: page,
  bucket,
  seed,
  baseURL,
}) => {
  const keys = [
    'top-1.txt',
    'top-2.txt',
    ...['a', 'b', 'c/d'].flatMap((f) => [1, 2, 3, 4].map((i) => `${f}/${i}.txt`)),
  ];
  await seed(Object.fromEntries(keys.map((k) => [k, k])));
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  const names = async () =>
    (await page
      .getByRole('checkbox', { name: /^Select (?!all)/ })
      .evaluateAll((boxes) =>
        boxes.map((b) => b.getAttribute('aria-label')!.slice('Select '.length)),
      )) as string[];
  const toggle = page.getByRole('checkbox', { name: 'Unordered listing' });

  await expect(page.getByText('5 items', { exact: true })).toBeVisible();
  expect(await names()).toEqual(['a/', 'b/', 'c/', 'top-1.txt', 'top-2.txt']);

  const listed = page.waitForRequest((r) => new URL(r.url()).searchParams.get('allow-unordered') === 'true');
  await toggle.check();
  await listed;
  await expect(page.getByText(`${keys.length} items`, { exact: true })).toBeVisible();
  await expect(page.getByText(/hash order and without folders/)).toBeVisible();
  expect((await names()).sort()).toEqual([...keys].sort());

  await toggle.uncheck();
  await expect(page.getByText('5 items', { exact: true })).toBeVisible();

  // A server that refuses the parameter: the option turns itself off, says why, and the folder lists normally.
  await page.route(
    (url) => url.searchParams.has('allow-unordered'),
    (route) =>
      route.fulfill({
        status: 400,
        headers: {
          'content-type': 'application/xml',
          'access-control-allow-origin': baseURL!,
          'access-control-expose-headers': 'ETag, x-amz-request-id',
        },
        body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidArgument</Code><Message></Message></Error>',
      }),
  );
  // A folder not listed unordered yet (the root's unordered pages are cached).
  await page.getByRole('link', { name: 'c/', exact: true }).click();
  await expect(page.getByText('1 item', { exact: true })).toBeVisible();
  // click, not check: the refusal can turn the option off again before check() looks at it.
  await toggle.click();
  await expect(
    page.getByText('The server refused it (InvalidArgument): listed in the normal order.'),
  ).toBeVisible();
  await expect(toggle).not.toBeChecked();
  expect(await names()).toEqual(['d/']);
});
