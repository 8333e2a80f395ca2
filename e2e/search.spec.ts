import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Hard keys on purpose: `?`, `#`, `%`, unicode, `//`. */
const KEYS = {
  'docs/2024-01/report1.txt': 'a',
  'docs/2024-01/report22.txt': 'a',
  'docs/2024-02/sub/report3.txt': 'a',
  'docs/q?mark #1 %41.pdf': 'pdf',
  'docs/ünï 日本/😀 notes.pdf': 'pdf',
  'docs//double/x.pdf': 'pdf',
  'docs/big.bin': 'x'.repeat(5000),
  'docs/cache/a.tmp': 'tmp',
  'docs/cache/deep/b.tmp': 'tmp',
  'docs/cache/keep.txt': 'keep',
  'other/outside.pdf': 'pdf',
};

const searchField = (page: Page) => page.getByRole('searchbox', { name: 'Search this folder and below' });
const status = (page: Page) => page.getByRole('status').filter({ hasText: 'keys scanned' });

async function search(
  page: Page,
  text: string,
  mode: 'Name contains' | 'Glob (*.pdf)' | 'Regular expression',
) {
  await searchField(page).fill(text);
  await page.getByRole('combobox', { name: 'Search mode' }).selectOption({ label: mode });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

const names = (page: Page) => page.locator('tbody .name-text');

/** Seeds KEYS and opens their folder docs/, where most searches below start. */
async function openDocs(
  page: Page,
  bucket: string,
  seed: (objects: Record<string, string>) => Promise<void>,
) {
  await seed(KEYS);
  await page.goto(`/?bucket=${bucket}&prefix=docs%2F`);
  await expect(page.getByRole('link', { name: 'cache/' })).toBeVisible();
}

test('a glob finds names at any depth, with hard keys; the search survives reload and Back', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await openDocs(page, bucket, seed);
  await search(page, '*.pdf', 'Glob (*.pdf)');
  await expect(status(page)).toHaveText(/^Done: 3 found in 10 keys scanned/);
  await expect(names(page)).toHaveText(['/double/x.pdf', 'q?mark #1 %41.pdf', 'ünï 日本/😀 notes.pdf']);
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('*.pdf');
  await expect.poll(() => new URL(page.url()).searchParams.get('mode')).toBe('glob');

  // A pattern with "/" matches the end of the path at a folder boundary; `*` stays within one level.
  await search(page, '2024-*/report?.txt', 'Glob (*.pdf)');
  await expect(status(page)).toHaveText(/^Done: 1 found in 10 keys scanned/);
  await expect(names(page)).toHaveText(['2024-01/report1.txt']);

  await page.reload();
  await expect(status(page)).toHaveText(/^Done: 1 found/);
  await expect(searchField(page)).toHaveValue('2024-*/report?.txt');
  await page.goBack();
  await expect(status(page)).toHaveText(/^Done: 3 found/);
  await expect(searchField(page)).toHaveValue('*.pdf');
  await page.goBack();
  await expect(status(page)).toBeHidden();
  await expect(page.getByRole('link', { name: 'cache/' })).toBeVisible();
  await page.goForward();
  await expect(status(page)).toHaveText(/^Done: 3 found/);

  // A match opens its folder (a plain listing again).
  await page.getByRole('button', { name: 'Open folder of ünï 日本/😀 notes.pdf' }).click();
  await expect(page.getByRole('button', { name: '😀 notes.pdf', exact: true })).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('prefix')).toBe('docs/ünï 日本/');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBeNull();
});

test('in a folder, the search field’s focus fetches the first page, and the search uses it', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await openDocs(page, bucket, seed);
  // Flat listings from the top of the folder: the first page of a search (the folder's own listing has a delimiter).
  const firstPages: string[] = [];
  page.on('request', (request) => {
    const query = new URL(request.url()).searchParams;
    if (query.get('list-type') === '2' && !query.has('delimiter') && !query.has('continuation-token'))
      firstPages.push(request.url());
  });
  await searchField(page).focus();
  await expect.poll(() => firstPages.length).toBe(1);
  await search(page, '*.pdf', 'Glob (*.pdf)');
  await expect(status(page)).toHaveText(/^Done: 3 found in 10 keys scanned/);
  expect(firstPages).toHaveLength(1);

  // A write after the focus (here a delete) drops that page: the search lists it again, without the deleted key.
  await page.getByRole('button', { name: 'Back to the folder' }).click();
  await searchField(page).focus();
  await expect.poll(() => firstPages.length).toBe(2);
  await page.getByRole('button', { name: 'Delete q?mark #1 %41.pdf' }).click();
  await page
    .getByRole('dialog', { name: 'Delete “q?mark #1 %41.pdf”?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await page.getByRole('dialog', { name: 'Deleted' }).getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('button', { name: 'q?mark #1 %41.pdf', exact: true })).toBeHidden();
  await search(page, '*.pdf', 'Glob (*.pdf)');
  await expect(status(page)).toHaveText(/^Done: 2 found in 9 keys scanned/);
  expect(firstPages).toHaveLength(3);
});

test('a regular expression searches the path; a bad one is explained before any request', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await openDocs(page, bucket, seed);
  await search(page, 'report\\d{2,}\\.txt$', 'Regular expression');
  await expect(status(page)).toHaveText(/^Done: 1 found/);
  await expect(names(page)).toHaveText(['2024-01/report22.txt']);

  let listings = 0;
  page.on('request', (request) => {
    if (request.url().includes('list-type=2')) listings++;
  });
  await search(page, 'report(\\d', 'Regular expression');
  await expect(page.getByRole('alert')).toHaveText(
    /This regular expression is not valid \(unterminated group\)/,
  );
  expect(listings).toBe(0);
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('report\\d{2,}\\.txt$');
});

test('size and date filters narrow the matches', async ({ connected: page, bucket, seed }) => {
  await seed(KEYS);
  await page.goto(`/?bucket=${bucket}&prefix=docs%2F`);
  await page.getByText('Filters').click();
  await page.getByLabel('Larger than').fill('4 KB');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(status(page)).toHaveText(/^Done: 1 found in 10 keys scanned/);
  await expect(names(page)).toHaveText(['big.bin']);
  await expect.poll(() => new URL(page.url()).searchParams.get('over')).toBe('4096');

  await page.getByLabel('Larger than').fill('');
  await page.getByLabel('Smaller than').fill('4');
  await searchField(page).fill('.t');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(status(page)).toHaveText(/^Done: 5 found/);

  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Modified before (UTC)').fill(today);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(status(page)).toHaveText(/^Done: 0 found/);
  await expect(page.getByText('No matches in “docs/” and below.')).toBeVisible();

  await page.getByLabel('Modified before (UTC)').fill('');
  await page.getByLabel('Modified after (UTC)').fill(today);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(status(page)).toHaveText(/^Done: 5 found/);

  await page.getByLabel('Larger than').fill('lots');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText(/“lots” is not a size/);
});

test('every match of a search is deleted after a confirm naming the count', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed(KEYS);
  await page.goto(`/?bucket=${bucket}&prefix=docs%2Fcache%2F`);
  await search(page, '*.tmp', 'Glob (*.pdf)');
  await expect(status(page)).toHaveText(/^Done: 2 found in 3 keys scanned/);
  await page.getByRole('checkbox', { name: 'Select all loaded items' }).check();
  await page.getByRole('button', { name: 'Delete selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 2 objects?' });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog', { name: 'Deleted' })).toContainText('Deleted 2 objects.');
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(status(page)).toHaveText(/^Done: 0 found/);
  const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'docs/cache/' }));
  expect(left.Contents?.map((o) => o.Key)).toEqual(['docs/cache/keep.txt']);
});

test('Cancel stops the search and every request', async ({ connected: page, bucket, seed }) => {
  const keys: Record<string, string> = {};
  for (let i = 0; i < 20; i++) keys[`many/f${i % 5}/k${String(i).padStart(5, '0')}.txt`] = '';
  await seed(keys);
  await page.goto(`/?bucket=${bucket}&prefix=many%2F`);
  await expect(page.getByRole('link', { name: 'f0/' })).toBeVisible();
  // Listing answers are held back, so the search is still running when Cancel is pressed.
  let listingsAfterCancel = 0;
  let held = 0;
  let cancelled = false;
  await page.route(/list-type=2/, async (route) => {
    if (cancelled) listingsAfterCancel++;
    held++;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue().catch(() => {});
    held--;
  });
  await search(page, 'k0', 'Name contains');
  await expect(status(page)).toHaveText(/keys\/s\)$/);
  await page.getByRole('button', { name: 'Cancel search' }).click();
  cancelled = true;
  await expect(status(page)).toHaveText(/^Cancelled: \d+ found in \d+ keys scanned/);
  // Once every held answer is released, a search still running would ask for more; none went out after Cancel.
  await expect.poll(() => held).toBe(0);
  await page.waitForLoadState('networkidle');
  expect(listingsAfterCancel).toBe(0);
  await expect(page.getByRole('button', { name: 'Cancel search' })).toBeHidden();
});
