import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Locator, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { connectWithForm, expect, keysOf, shot, test } from './fixtures';

// A phone held upright.
test.use({ viewport: { width: 390, height: 844 } });

/** Nothing is wider than the window: neither the page nor any screen scrolls sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const wide = await page.evaluate(() =>
    [document.documentElement, ...Array.from(document.querySelectorAll('main, .page, .table-scroll'))]
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map(
        (element) =>
          `${element.tagName}.${element.className}: ${element.scrollWidth} > ${element.clientWidth}`,
      ),
  );
  expect(wide).toEqual([]);
}

/** A dialog (or menu) lies inside the window. */
async function expectInside(page: Page, locator: Locator) {
  const box = (await locator.boundingBox())!;
  const { width, height } = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  expect(box.y + box.height).toBeLessThanOrEqual(height);
}

test('at 390×844: connect, browse, upload by the picker, download, share and delete', async ({
  page,
  sandbox,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'docs/read me.txt': 'inside', 'photo.jpg': 'jpeg bytes' });

  await page.goto('/');
  await expect(page.getByLabel('Endpoint')).toBeVisible();
  await shot(page, 'phone-connect');
  await expectNoSidewaysScroll(page);
  await connectWithForm(page, sandbox);
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter buckets' }).fill(bucket);
  await shot(page, 'phone-buckets');
  await expectNoSidewaysScroll(page);

  // Browse: the bucket, a folder, and back by the breadcrumb.
  await page.getByRole('link', { name: bucket }).click();
  const photo = page
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: 'photo.jpg', exact: true }) });
  await expect(photo).toBeVisible();
  // The name and the size stay; the date and the access are left to the row's menu and details.
  await expect(photo.getByRole('cell').filter({ hasText: '10 B' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Last modified' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download photo.jpg' })).toBeHidden();
  await shot(page, 'phone-folder');
  await expectNoSidewaysScroll(page);
  await page.getByRole('link', { name: 'docs/' }).click();
  await expect(page.getByRole('button', { name: 'read me.txt', exact: true })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: bucket }).click();
  await expect(photo).toBeVisible();

  // Upload by the picker.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await (
    await chooser
  ).setFiles({ name: 'from phone.txt', mimeType: 'text/plain', buffer: Buffer.from('typed on a phone') });
  await expect(page.getByRole('button', { name: 'from phone.txt', exact: true })).toBeVisible({
    timeout: 20_000,
  });
  // The upload panel covers the table's bottom on a phone; done, it closes.
  const uploads = page.getByRole('region', { name: 'Uploads' });
  await expect(uploads).toContainText('1 of 1 file done');
  await uploads.getByRole('button', { name: 'Close' }).click();
  const uploaded = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'from phone.txt' }));
  expect(await uploaded.Body!.transformToString()).toBe('typed on a phone');

  // Download, from the row's menu.
  await page.getByRole('button', { name: 'More actions for photo.jpg' }).click();
  const menu = page.getByRole('menu', { name: 'Actions for photo.jpg' });
  await expectInside(page, menu);
  await shot(page, 'phone-menu');
  const downloadEvent = page.waitForEvent('download');
  await menu.getByRole('menuitem', { name: 'Download' }).click();
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe('photo.jpg');
  expect((await readFile((await download.path())!)).toString()).toBe('jpeg bytes');

  // Share: the dialog fits the window, and its link reads the object.
  await page.getByRole('button', { name: 'More actions for photo.jpg' }).click();
  await menu.getByRole('menuitem', { name: 'Share…' }).click();
  const share = page.getByRole('dialog', { name: 'Share “photo.jpg”' });
  const link = share.getByRole('textbox', { name: 'Link', exact: true });
  await expect(link).toHaveValue(/X-Amz-Signature=/);
  await expectInside(page, share);
  await shot(page, 'phone-share');
  expect(await (await fetch(await link.inputValue())).text()).toBe('jpeg bytes');
  await share.getByRole('button', { name: 'Close', exact: true }).click();

  // Delete asks first, then the key is gone from the server.
  await page.getByRole('button', { name: 'More actions for photo.jpg' }).click();
  await menu.getByRole('menuitem', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete “photo.jpg”?' });
  await expectInside(page, confirm);
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Deleted' }).getByRole('button', { name: 'Close' }).click();
  await expect(photo).toBeHidden();
  expect(await keysOf(s3, bucket)).toEqual(['docs/read me.txt', 'from phone.txt']);
  await expectNoSidewaysScroll(page);
});

test('an empty folder says what to do next, at 390×844 too', async ({ connected: page, bucket }) => {
  await page.goto(`/?bucket=${bucket}`);
  const empty = page.getByText('This bucket is empty.');
  await expect(empty).toBeVisible();
  await expect(page.getByText(/Drop files or folders here, or press Upload above/)).toBeVisible();
  await shot(page, 'phone-empty');
  await expectNoSidewaysScroll(page);
  // The empty area has the folder's menu: Upload files… opens the same picker as the toolbar.
  await empty.click({ button: 'right' });
  const chooser = page.waitForEvent('filechooser');
  await page
    .getByRole('menu', { name: 'Folder actions' })
    .getByRole('menuitem', { name: 'Upload files…' })
    .click();
  await (await chooser).setFiles({ name: 'first.txt', mimeType: 'text/plain', buffer: Buffer.from('1') });
  await expect(page.getByRole('button', { name: 'first.txt', exact: true })).toBeVisible({ timeout: 20_000 });
});
