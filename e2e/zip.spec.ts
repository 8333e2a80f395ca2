import { execFileSync } from 'node:child_process';
import { connectWithForm, expect, shot, test } from './fixtures';

/** Lists a zip's entries with their contents, using Python's zipfile (independent of the code under test). */
function readZip(path: string): Record<string, string> {
  const script =
    'import sys,zipfile,json;z=zipfile.ZipFile(sys.argv[1]);print(json.dumps({n:z.read(n).decode() for n in z.namelist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as Record<
    string,
    string
  >;
}

test('a selection of objects and folders downloads as one zip with every byte', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({
    'docs/a.txt': 'alpha',
    'docs/sub/b.txt': 'beta',
    'docs/ünï 😀.txt': 'unicode',
    'top.txt': 'top',
    'other.txt': 'not selected',
  });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('checkbox', { name: 'Select docs/' }).click();
  await page.getByRole('checkbox', { name: 'Select top.txt' }).click();
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as zip' }).click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const entries = readZip((await download.path())!);
  expect(entries).toEqual({
    'docs/a.txt': 'alpha',
    'docs/sub/b.txt': 'beta',
    'docs/ünï 😀.txt': 'unicode',
    'top.txt': 'top',
  });
  await expect(page.getByRole('region', { name: 'Zip download' })).toContainText(
    /Zip of 4 files \(19 B\) is downloading: follow it in your browser.s downloads\./,
  );
});

test("a folder row downloads as a zip built by the app's server, named after the folder", async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'photos/x.txt': 'x', 'photos/2024/y.txt': 'y', 'photos/ünï 😀.bin': 'ü'.repeat(70_000) });
  await page.goto(`/?bucket=${bucket}`);
  const pageReads: string[] = [];
  page.context().on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith(`/${bucket}/photos/`)) pageReads.push(request.url());
  });
  const offered = page.waitForResponse(
    (r) => r.url().endsWith('/_relay/zip') && r.request().method() === 'POST',
  );
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download photos/ as zip' }).click();
  expect((await offered).status()).toBe(200);
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe('photos.zip');
  expect(readZip((await download.path())!)).toEqual({
    'photos/x.txt': 'x',
    'photos/2024/y.txt': 'y',
    'photos/ünï 😀.bin': 'ü'.repeat(70_000),
  });
  // The server read the objects: neither the page nor a worker did.
  expect(pageReads).toEqual([]);
  await expect(page.getByRole('region', { name: 'Zip download' })).toContainText('Zip of 3 files');
  await shot(page, 'zip-built-on-server');
});

test('on a direct connection, a folder with hard keys zips in the download worker, each object whole', async ({
  page,
  sandbox,
  bucket,
  seed,
}) => {
  // Direct: the user chose that no byte passes through the app's server, so the download worker builds the zip.
  await connectWithForm(page, sandbox, { transport: 'direct' });
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  const files = {
    'hard/with space & plus+.txt': 'space and plus',
    'hard/percent%20?query#hash.txt': 'percent, query and hash',
    "hard/ünï/😀 ~!$'()*,;=@.txt": 'unicode and punctuation',
    'hard/deep/er/still/x.txt': 'deep',
  };
  await seed(files);
  await page.goto(`/?bucket=${bucket}`);
  const objectReads: Array<{ fromWorker: boolean }> = [];
  page.context().on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && url.pathname.startsWith(`/${bucket}/hard/`)) {
      objectReads.push({ fromWorker: request.serviceWorker() !== null });
    }
  });
  const downloadEvent = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download hard/ as zip' }).click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe('hard.zip');
  expect(readZip((await download.path())!)).toEqual(files);
  await expect(page.getByRole('region', { name: 'Zip download' })).toContainText('Zip ready: 4 files');
  // The archive was built by the download worker: the page itself fetched none of the objects.
  expect(objectReads).toEqual(Object.keys(files).map(() => ({ fromWorker: true })));
});

test('an object the worker cannot read fails the zip with its key and what it means', async ({
  page,
  sandbox,
  bucket,
  seed,
}) => {
  await connectWithForm(page, sandbox, { transport: 'direct' });
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await seed({ 'half/a.txt': 'alpha', 'half/b.txt': 'beta' });
  // The fault is injected on the worker's own request for one object (the context's routes see the worker's).
  await page.context().route(
    (url) => url.pathname === `/${bucket}/half/b.txt`,
    (route) => route.fulfill({ status: 500, body: 'injected' }),
  );
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'Download half/ as zip' }).click();
  const status = page.getByRole('region', { name: 'Zip download' });
  await expect(status).toContainText('The zip download failed');
  await expect(status).toContainText('Could not read "half/b.txt" (HTTP 500); the archive is incomplete.');
});
