import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

test('Download saves the object under its own name with the exact bytes', async ({
  connected: page,
  bucket,
  s3,
}) => {
  const body = Buffer.from('bytes \u00fc\u00f1\u00ef \ud83d\ude00 ' + 'x'.repeat(5000));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/ünï 😀.txt', Body: body }));
  await page.goto(`/?bucket=${bucket}&prefix=docs%2F`);
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download ünï 😀.txt' }).click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe('ünï 😀.txt');
  expect(Buffer.compare(await readFile((await download.path())!), body)).toBe(0);
});

test('deleting one object asks first and removes it on the server', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'goodbye.txt': 'bye', 'stay.txt': 'stay' });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'Delete goodbye.txt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete “goodbye.txt”?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'goodbye.txt', exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Delete goodbye.txt' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  const outcome = page.getByRole('dialog', { name: 'Deleted' });
  await expect(outcome).toContainText('Deleted 1 object.');
  // Done is done: the outcome offers Close only, no Cancel that would suggest something can be undone.
  await expect(outcome.getByRole('button')).toHaveText(['Close']);
  await outcome.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('button', { name: 'goodbye.txt', exact: true })).toBeHidden();
  const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  expect(left.Contents?.map((o) => o.Key)).toEqual(['stay.txt']);
});

test('deleting a folder of more than 1000 keys removes every one of them', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  const keys = Array.from({ length: 1205 }, (_, i) => `big/${i % 3 ? 'sub/' : ''}k${i}`);
  await seed({ ...Object.fromEntries(keys.map((k) => [k, ''])), 'keep.txt': 'k' });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'Delete big/' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete “big/”?' });
  await expect(dialog).toContainText('Every object inside the selected folders is deleted too');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog', { name: 'Deleted' })).toContainText('Deleted 1205 objects.', {
    timeout: 30_000,
  });
  const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  expect(left.Contents?.map((o) => o.Key)).toEqual(['keep.txt']);
});

test('selection with shift-click and the keyboard, Delete asks, Escape clears', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'd.txt': 'd' });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('checkbox', { name: 'Select a.txt' }).click();
  await page.getByRole('checkbox', { name: 'Select c.txt' }).click({ modifiers: ['Shift'] });
  await expect(page.getByRole('region', { name: 'Selection' })).toContainText('3 selected');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Selection' })).toBeHidden();

  const table = page.getByRole('group', { name: /Objects/ });
  await table.focus();
  await page.keyboard.press('Home'); // a.txt
  await page.keyboard.press('ArrowDown'); // b.txt
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown'); // c.txt
  await page.keyboard.press('Space');
  await expect(page.getByRole('region', { name: 'Selection' })).toContainText('2 selected');
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('dialog', { name: 'Delete 2 objects?' });
  await expect(dialog).toContainText('b.txt');
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog', { name: 'Deleted' })).toBeVisible();
  const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  expect(left.Contents?.map((o) => o.Key)).toEqual(['a.txt', 'd.txt']);
});

test('New text file and New folder write to the server, and an existing name is not overwritten silently', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'hello.txt': 'old' });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'New text file' }).click();
  let dialog = page.getByRole('dialog', { name: 'New text file' });
  await dialog.getByLabel('File name').fill('hello.txt');
  await dialog.getByLabel('Content').fill('Hello World!');
  await dialog.getByRole('button', { name: 'Save file' }).click();
  await expect(dialog).toContainText('already exists');
  const old = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }));
  expect(await old.Body!.transformToString()).toBe('old');
  await dialog.getByLabel(/Replace it/).check();
  await dialog.getByRole('button', { name: 'Save file' }).click();
  await expect(dialog).toBeHidden();
  const saved = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }));
  expect(await saved.Body!.transformToString()).toBe('Hello World!');
  expect(saved.ContentType).toMatch(/^text\/plain/);

  await page.getByRole('button', { name: 'New folder' }).click();
  dialog = page.getByRole('dialog', { name: 'New folder' });
  await dialog.getByLabel('Folder name').fill('reports 2024');
  await dialog.getByRole('button', { name: 'Create folder' }).click();
  await expect(page.getByText('This folder is empty.')).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('prefix')).toBe('reports 2024/');
  const marker = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'reports 2024/' }));
  expect(marker.ContentLength).toBe(0);
});

test('the details panel shows the object facts and safe previews', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'page.html',
      Body: '<script>window.__pwned=1</script><h1>hi</h1>',
      ContentType: 'text/html',
      Metadata: { owner: 'alice' },
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'pic.svg',
      Body: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="window.__pwned=2"><rect width="10" height="10"/></svg>',
      ContentType: 'image/svg+xml',
    }),
  );
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'page.html', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Object details' });
  await expect(panel).toContainText('text/html');
  await expect(panel).toContainText('x-amz-meta-owner');
  await expect(panel).toContainText('alice');
  await expect(panel).toContainText('44 bytes');
  await expect(panel.getByLabel('Preview of page.html')).toHaveText(
    '<script>window.__pwned=1</script><h1>hi</h1>',
  );

  await page.getByRole('button', { name: 'pic.svg', exact: true }).click();
  await expect(panel.getByRole('img', { name: 'Preview of pic.svg' })).toBeVisible();
  await expect(panel.getByRole('img', { name: 'Preview of pic.svg' })).toHaveJSProperty('complete', true);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});
