import { GetObjectAclCommand } from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { expect, keysOf, rowOf, shot, test } from './fixtures';

const table = (page: Page) => page.getByRole('group', { name: /^Objects/ });

test('right-click opens a row’s menu with every action and its keys, and the empty area the folder’s', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'a.txt': 'A', 'b.txt': 'B', 'docs/x.txt': 'X' });
  await page.goto(`/?bucket=${bucket}`);

  await rowOf(page, 'a.txt').locator('td.col-size').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Actions for a.txt' });
  await expect(menu.getByRole('menuitem')).toHaveText(
    [
      'Details',
      'Download',
      'Share…',
      'Make public…',
      'Make private…',
      'Rename',
      'Move to…',
      'Copy to…',
      'Cut',
      'Copy',
      'Paste here',
      'Delete…',
    ].map((label) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
  );
  // Each entry is named by its action alone; its key is told as ARIA says it, and shown beside it.
  await expect(menu.getByRole('menuitem', { name: 'Rename', exact: true })).toHaveAttribute(
    'aria-keyshortcuts',
    'F2',
  );
  await expect(menu.getByRole('menuitem', { name: 'Cut', exact: true })).toHaveAttribute(
    'aria-keyshortcuts',
    'Control+X',
  );
  await expect(menu.getByRole('menuitem', { name: 'Cut', exact: true })).toContainText('Ctrl+X');
  await expect(menu.getByRole('menuitem', { name: 'Paste here' })).toHaveAttribute('aria-disabled', 'true');
  await shot(page, 'menu-row-desktop');

  // Delete… asks first, then removes the key on the server.
  await menu.getByRole('menuitem', { name: 'Delete…' }).click();
  await expect(menu).toBeHidden();
  const confirm = page.getByRole('dialog', { name: 'Delete “a.txt”?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Deleted' }).getByRole('button', { name: 'Close' }).click();
  expect(await keysOf(s3, bucket)).toEqual(['b.txt', 'docs/x.txt']);

  // A folder's menu: Open and Request files… are there, Share… (objects only) is not.
  await rowOf(page, 'docs/').locator('td.col-size').click({ button: 'right' });
  const folderMenu = page.getByRole('menu', { name: 'Actions for docs/' });
  await expect(folderMenu.getByRole('menuitem', { name: 'Request files…' })).toBeVisible();
  await expect(folderMenu.getByRole('menuitem', { name: 'Share…' })).toHaveCount(0);
  await folderMenu.getByRole('menuitem', { name: 'Request files…' }).click();
  const request = page.getByRole('dialog', { name: 'Request files' });
  await expect(request).toContainText('docs/');
  await request.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(request).toBeHidden();

  // The empty area below the rows: the folder's own menu. New folder… makes one on the server.
  const box = (await table(page).boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 20, { button: 'right' });
  const own = page.getByRole('menu', { name: 'Folder actions' });
  await expect(own.getByRole('menuitem')).toHaveText([
    'New folder…',
    'New text file…',
    'Upload files…',
    'Request files…',
    /^Paste here/,
    /^Select all/,
    'Refresh',
  ]);
  await shot(page, 'menu-folder-desktop');
  await own.getByRole('menuitem', { name: 'Select all' }).click();
  await expect(page.getByRole('region', { name: 'Selection' })).toContainText('2 selected');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 20, { button: 'right' });
  await own.getByRole('menuitem', { name: 'New folder…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New folder' });
  await dialog.getByLabel('Folder name').fill('made here');
  await dialog.getByRole('button', { name: 'Create folder' }).click();
  // The app opens the new folder; the server has its marker.
  await expect(page.getByText('This folder is empty.')).toBeVisible();
  expect(await keysOf(s3, bucket)).toContain('made here/');
});

test('the keyboard opens the menu (Shift+F10, the menu key), moves in it and gives the focus back', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'one.txt': '1', 'two.txt': '2' });
  await page.goto(`/?bucket=${bucket}`);
  await rowOf(page, 'one.txt').locator('td.col-size').click();
  await expect(table(page)).toBeFocused();

  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: 'Actions for one.txt' });
  await expect(menu.getByRole('menuitem', { name: 'Details' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Download' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Delete…' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(menu.getByRole('menuitem', { name: 'Details' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(table(page)).toBeFocused();

  // The focus row moves with the arrows; the menu key opens that row's menu. Rename, by the keyboard only.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ContextMenu');
  const second = page.getByRole('menu', { name: 'Actions for two.txt' });
  await expect(second).toBeVisible();
  const rename = second.getByRole('menuitem', { name: 'Rename' });
  for (let i = 0; i < 12 && !(await rename.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(rename).toBeFocused();
  await page.keyboard.press('Enter');
  const field = page.getByRole('textbox', { name: 'New name for two.txt' });
  await expect(field).toBeFocused();
  await page.keyboard.type('deux');
  await page.keyboard.press('Enter');
  await expect.poll(() => keysOf(s3, bucket), { timeout: 20_000 }).toEqual(['deux.txt', 'one.txt']);

  // A row's "More actions" button opens the same menu under it; Escape gives the focus back to the button.
  const more = page.getByRole('button', { name: 'More actions for one.txt' });
  await more.click();
  const fromButton = page.getByRole('menu', { name: 'Actions for one.txt' });
  await expect(fromButton).toBeVisible();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  // The menu takes the focus as it opens (its first entry); Escape there closes it.
  await expect(fromButton.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(more).toBeFocused();

  // Make public… asks, then the object is readable by everyone on the server.
  await more.click();
  await fromButton.getByRole('menuitem', { name: 'Make public…' }).click();
  await page
    .getByRole('dialog', { name: 'Make 1 object public?' })
    .getByRole('button', { name: 'Make public' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: 'Made 1 object public.' })).toBeVisible();
  const acl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'one.txt' }));
  expect(acl.Grants?.some((g) => g.Grantee?.URI?.endsWith('/AllUsers') && g.Permission === 'READ')).toBe(
    true,
  );
});

test('? shows every keyboard shortcut, and so does the top bar’s button', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'k.txt': 'k' });
  await page.goto(`/?bucket=${bucket}`);
  await rowOf(page, 'k.txt').locator('td.col-size').click();
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  for (const key of [
    'F2',
    'Delete',
    'Ctrl+X',
    'Ctrl+C',
    'Ctrl+V',
    'Ctrl+A',
    'Shift+F10',
    'Enter',
    'Space',
    'Escape',
    '?',
  ]) {
    await expect(sheet.locator('kbd', { hasText: key }).first()).toBeVisible();
  }
  await shot(page, 'shortcuts-desktop');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // Typing ? in a text field is text.
  await page.getByRole('searchbox', { name: 'Filter by name' }).fill('?');
  await expect(sheet).toBeHidden();
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(sheet).toBeVisible();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toBeHidden();
});
