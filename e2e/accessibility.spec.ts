import type { Locator, Page } from '@playwright/test';
import { audit } from './axe';
import { connectWithForm, expect, test } from './fixtures';

/** Opens a dialog with `open` (a click or key on `opener`): focus goes into it, and back to `opener` after Escape. */
async function auditDialog(
  page: Page,
  opener: Locator,
  open: () => Promise<void>,
  name: string,
  where: string,
) {
  await open();
  const dialog = page.getByRole('dialog', { name });
  await expect(dialog).toBeVisible();
  await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await audit(page, where);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
}

// Two walks, each one page session, so they can run side by side: the account's screens, then a folder's.
const FILES = { 'a.txt': 'A', 'notes.md': '# notes', 'photos/cat.txt': 'meow' };

test('connect, the bucket list, bucket details and search pass axe in both themes; the relay is one quiet line', async ({
  page,
  sandbox,
  bucket,
  seed,
}) => {
  test.setTimeout(240_000);
  await seed(FILES);

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Connect to S3 storage' })).toBeVisible();
  await audit(page, 'connect');

  // The sandbox gives no CORS for account-level calls: said once, quietly, in the top bar (no banner).
  await connectWithForm(page, sandbox);
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  const relay = page.getByRole('status').filter({ hasText: 'Through the relay' });
  await expect(relay).toBeVisible();
  await expect(page.getByText(/refused this page/)).toBeHidden(); // a line to open, not a banner
  await relay.getByText('Through the relay').click();
  await expect(relay).toContainText('refused this page (CORS) for account-level calls');
  await audit(page, 'buckets');
  await relay.getByText('Through the relay').click();

  const details = page.getByRole('button', { name: `Details of ${bucket}` });
  await auditDialog(page, details, () => details.click(), `Bucket “${bucket}”`, 'bucket-details');

  await page.getByRole('link', { name: bucket, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: bucket })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search this folder and below' }).fill('cat');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'keys scanned' })).toContainText('1 found');
  await expect(page.getByRole('button', { name: /^Delete .*cat\.txt$/ })).toBeVisible(); // row actions drawn
  await audit(page, 'search');
});

test('a folder, the details panel and every dialog pass axe in both themes; focus goes into each dialog and back', async ({
  connected: page,
  bucket,
  seed,
}) => {
  test.setTimeout(240_000);
  await seed(FILES);
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await expect(page.getByRole('heading', { level: 1, name: bucket })).toBeVisible();
  await expect(page.getByRole('row', { name: /a\.txt/ }).getByText('Private')).toBeVisible();
  await audit(page, 'objects');

  await page.getByRole('button', { name: 'notes.md', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Object details' });
  await expect(panel.getByText('Last modified')).toBeVisible();
  await audit(page, 'details-panel');
  await panel.getByRole('button', { name: 'Close details' }).click();

  const share = page.getByRole('button', { name: 'Share a.txt' });
  await auditDialog(page, share, () => share.click(), 'Share “a.txt”', 'share');

  const request = page.getByRole('button', { name: 'Request files' });
  await auditDialog(page, request, () => request.click(), 'Request files', 'request-files');

  const remove = page.getByRole('button', { name: 'Delete a.txt' });
  await auditDialog(page, remove, () => remove.click(), 'Delete “a.txt”?', 'delete');

  await page.getByRole('checkbox', { name: 'Select a.txt' }).check();
  const move = page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Move to…' });
  await auditDialog(page, move, () => move.click(), 'Move “a.txt”', 'move');
  await page.keyboard.press('Escape'); // clears the selection

  // An upload onto an existing name asks first.
  await page.getByLabel('Files to upload').setInputFiles({
    name: 'a.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('new'),
  });
  const conflict = page.getByRole('dialog', { name: '“a.txt” already exists' });
  await expect(conflict).toBeVisible();
  await expect.poll(() => conflict.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await audit(page, 'upload-conflict');
  await conflict.getByRole('button', { name: 'Skip' }).click();
  await expect(conflict).toBeHidden();
});

test('the theme switch is remembered and applied before the app’s code runs', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const light = await background();

  const theme = page.getByRole('combobox', { name: 'Theme' });
  await theme.selectOption({ label: 'Dark theme' });
  await expect.poll(background).not.toBe(light);
  const dark = await background();

  // Without the app's JavaScript the page is still dark from its first paint: nothing flashes light.
  await page.route(/\/assets\/main-[^/]*\.js$/, (route) => route.abort());
  await page.reload();
  expect(await background()).toBe(dark);
  await page.unroute(/\/assets\/main-[^/]*\.js$/);

  // System follows the system again.
  await page.reload();
  await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'System theme' });
  expect(await background()).toBe(light);
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe(dark);
});
