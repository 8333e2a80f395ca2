import type { Page } from '@playwright/test';
import { expect, keysOf, shot, test } from './fixtures';

async function globSearch(page: Page, pattern: string) {
  await page.getByRole('searchbox', { name: 'Search this folder and below' }).fill(pattern);
  await page.getByRole('combobox', { name: 'Search mode' }).selectOption({ label: 'Glob (*.pdf)' });
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

const status = (page: Page) => page.getByRole('status').filter({ hasText: 'keys scanned' });

test('a search result has the table’s actions menu, with Open containing folder', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'docs/2024/report #1.pdf': 'r', 'docs/a.txt': 'a' });
  await page.goto(`/?bucket=${bucket}&prefix=docs%2F`);
  await globSearch(page, '*.pdf');
  await expect(status(page)).toHaveText(/^Done: 1 found/);

  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: '2024/report #1.pdf' }) });
  await row.locator('td.col-size').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for 2024/report #1.pdf' });
  // The table's menu, less renaming in place and pasting (a result is named by its path, in no one folder).
  await expect(menu.getByRole('menuitem')).toHaveText([
    'DetailsEnter',
    'Open containing folder',
    'Download',
    'Share…',
    'Make public…',
    'Make private…',
    'Move to…',
    'Copy to…',
    'CutCtrl+X',
    'CopyCtrl+C',
    'Delete…Delete',
  ]);
  await shot(page, 'search-row-menu');
  await menu.getByRole('menuitem', { name: 'Open containing folder' }).click();
  await expect(page.getByRole('button', { name: 'report #1.pdf', exact: true })).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('prefix')).toBe('docs/2024/');
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBeNull();

  // Back on the results, the same menu from the row's own button.
  await page.goBack();
  await expect(status(page)).toHaveText(/^Done: 1 found/);
  const more = page.getByRole('button', { name: 'More actions for 2024/report #1.pdf' });
  await more.click();
  await expect(menu.getByRole('menuitem', { name: 'Details' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(more).toBeFocused();
});

test('Select all matches, then Move to… moves every match after a dialog naming the count', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({
    'docs/cache/a.tmp': 'a',
    'docs/cache/deep/b #?.tmp': 'b',
    'docs/cache/keep.txt': 'k',
    'docs/archive/': '',
  });
  await page.goto(`/?bucket=${bucket}&prefix=docs%2F`);
  await globSearch(page, '*.tmp');
  await expect(status(page)).toHaveText(/^Done: 2 found/);
  await page.getByRole('button', { name: 'Select all 2 matches' }).click();
  const selection = page.getByRole('region', { name: 'Selection' });
  await expect(selection).toContainText('2 selected');
  await selection.getByRole('button', { name: 'Move to…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move 2 items' });
  await dialog.getByRole('button', { name: 'archive/', exact: true }).click();
  await expect(dialog).toContainText(`Destination: ${bucket}/docs/archive/`);
  await shot(page, 'search-move-dialog');
  await dialog.getByRole('button', { name: 'Move here' }).click();
  await expect(dialog).toBeHidden();
  await expect
    .poll(() => keysOf(s3, bucket))
    .toEqual(['docs/archive/', 'docs/archive/a.tmp', 'docs/archive/b #?.tmp', 'docs/cache/keep.txt']);
  // The results no longer offer the matches where they were.
  await expect(status(page)).toHaveText(/^Done: 0 found/);
});
