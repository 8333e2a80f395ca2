import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const panel = (page: Page) => page.getByRole('region', { name: 'Uploads' });

async function storedText(s3: S3Client, bucket: string, key: string) {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return object.Body!.transformToString();
}

test('a file deleted from disk during its upload fails with a clear error; the others finish', async ({
  connected: page,
  bucket,
  s3,
}) => {
  // Real files on disk: the page's File objects are handles that Chromium reads as it sends.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanishing-'));
  const vanishing = path.join(dir, 'vanishing.bin');
  fs.writeFileSync(vanishing, Buffer.alloc(16 * 1024 * 1024, 1));
  fs.writeFileSync(path.join(dir, 'stays.txt'), 'stays');
  try {
    // The PUT is held by the route; the file goes while it is held, before Chromium has read its body.
    let deleted = false;
    await page.route(
      (url) => url.pathname.endsWith('/vanishing.bin'),
      async (route) => {
        if (route.request().method() === 'PUT' && !deleted) {
          fs.rmSync(vanishing);
          deleted = true;
        }
        await route.continue().catch(() => {});
      },
    );
    await page.goto(`/?bucket=${bucket}`);
    await page.getByLabel('Files to upload').setInputFiles([vanishing, path.join(dir, 'stays.txt')]);

    const row = panel(page).getByRole('listitem').filter({ hasText: 'vanishing.bin' });
    await expect(row).toContainText('Failed', { timeout: 45_000 });
    await expect(row).toContainText('could not be read from this computer any more');
    await expect(row).toContainText('drop or pick it again');
    // Not blamed on the server or on CORS.
    await expect(row).not.toContainText('CORS');
    await expect(row).not.toContainText('Could not reach');
    await expect(panel(page)).toContainText('1 of 2 files done, 1 failed');
    expect(deleted).toBe(true);

    expect(await storedText(s3, bucket, 'stays.txt')).toBe('stays');
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'vanishing.bin' }))).rejects.toThrow();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * As root (the tests' user) chmod 000 does not stop reads, so the unreadable entries come from the entry API the
 * drop hands over: a real DataTransfer whose `items` give a folder with one file Chromium cannot read
 * (NotReadableError) and one gone since the drop (NotFoundError), beside readable ones. The rest of the way is
 * the app's: its drop handler, walker, dialog and uploads.
 */
test('a dropped folder with unreadable entries: the user is told which, the readable files upload', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await page.goto(`/?bucket=${bucket}`);
  const dataTransfer = await page.evaluateHandle(() => {
    const fail = (name: string) => (_ok: unknown, error: (e: Error) => void) =>
      setTimeout(() => error(new DOMException(`${name} (test)`, name)));
    const file = (name: string, text: string) => ({
      name,
      isFile: true,
      isDirectory: false,
      file: (ok: (f: File) => void) => setTimeout(() => ok(new File([text], name, { type: 'text/plain' }))),
    });
    const broken = (name: string, error: string) => ({
      name,
      isFile: true,
      isDirectory: false,
      file: fail(error),
    });
    const folder = (name: string, children: unknown[]) => ({
      name,
      isFile: false,
      isDirectory: true,
      createReader: () => {
        let given = false;
        return {
          readEntries: (ok: (entries: unknown[]) => void) =>
            setTimeout(() => {
              ok(given ? [] : children);
              given = true;
            }),
        };
      },
    });
    const root = folder('album', [
      file('readable.txt', 'fine'),
      broken('locked.txt', 'NotReadableError'),
      folder('inner', [file('deep.txt', 'deep too'), broken('gone.txt', 'NotFoundError')]),
    ]);
    const transfer = new DataTransfer();
    // Its types must say "Files", as a real drag from the desktop does.
    transfer.items.add(new File(['x'], 'album'));
    Object.defineProperty(transfer, 'items', {
      value: [{ kind: 'file', webkitGetAsEntry: () => root, getAsFile: () => null }],
    });
    return transfer;
  });
  const zone = page.locator('.drop-zone');
  for (const type of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(type, { dataTransfer });

  const dialog = page.getByRole('dialog', { name: '2 items cannot be read' });
  await expect(dialog).toContainText('album/locked.txt');
  await expect(dialog).toContainText('The browser may not read it (permissions');
  await expect(dialog).toContainText('album/inner/gone.txt');
  await expect(dialog).toContainText('It was moved or deleted after it was dropped.');
  await dialog.getByRole('button', { name: 'Upload the other 2' }).click();
  await expect(panel(page)).toContainText('2 of 2 files done');
  expect(await storedText(s3, bucket, 'album/readable.txt')).toBe('fine');
  expect(await storedText(s3, bucket, 'album/inner/deep.txt')).toBe('deep too');
  await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'album/locked.txt' }))).rejects.toThrow();
});

test('a key over 1024 bytes is refused with the reason before any upload request', async ({
  connected: page,
  bucket,
  s3,
}) => {
  // A deep folder (1000 bytes of name) plus the file name makes a key S3 cannot hold.
  const prefix = `${'d'.repeat(999)}/`;
  const puts: string[] = [];
  page.on('request', (request) => {
    if (['PUT', 'POST'].includes(request.method())) puts.push(request.url());
  });
  await page.goto(`/?bucket=${bucket}&prefix=${encodeURIComponent(prefix)}`);
  await page
    .getByLabel('Files to upload')
    .setInputFiles([
      { name: `${'n'.repeat(40)}.txt`, mimeType: 'text/plain', buffer: Buffer.from('too long') },
    ]);
  const row = panel(page).getByRole('listitem');
  await expect(row).toContainText('Failed');
  await expect(row).toContainText('The key would be 1044 bytes long; S3 allows 1024.');
  await expect(row).toContainText('Upload it into a shorter folder path, or rename the file.');
  expect(puts).toEqual([]);
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  expect(listed.KeyCount).toBe(0);
});
