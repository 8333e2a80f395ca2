import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { audit } from './axe';
import { eachLimited, expect, test } from './fixtures';

// A 2x2 PNG, red and blue.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10" fill="green"/></svg>';
const IMAGES = Array.from({ length: 150 }, (_, i) => `img-${String(i).padStart(3, '0')}.png`);

test('the grid view shows thumbnails for the visible cells only, and works by keyboard', async ({
  connected: page,
  bucket,
  s3,
  sandbox,
}) => {
  test.setTimeout(120_000); // 152 objects to seed, and an audit in both themes
  await eachLimited(IMAGES, 16, (key) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: PNG, ContentType: 'image/png' })),
  );
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'a-drawing.svg', Body: SVG, ContentType: 'image/svg+xml' }),
  );
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'zz-notes.txt', Body: 'notes' }));

  // Every image GET the page sends to the endpoint (thumbnails go straight there, signed).
  const thumbnails = new Set<string>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (
      request.method() === 'GET' &&
      request.url().startsWith(sandbox.endpoint) &&
      /\.(png|svg)$/.test(url.pathname)
    )
      thumbnails.add(decodeURIComponent(url.pathname.split('/').pop()!));
  });

  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByRole('button', { name: 'Grid view' }).click();
  await expect(page.getByRole('button', { name: 'Grid view' })).toHaveAttribute('aria-pressed', 'true');
  const grid = page.getByRole('group', { name: /Objects as a grid/ });
  const images = grid.locator('img');
  await expect(images.first()).toBeVisible();
  // An SVG is drawn as an image only: its script cannot run there.
  await expect(grid.locator('img[src*="a-drawing.svg"]')).toHaveCount(1);
  await expect
    .poll(() => images.evaluateAll((all) => all.every((img) => (img as HTMLImageElement).complete)))
    .toBe(true);
  // Every drawn thumbnail was asked for, and only about a screenful was: the cells laid out while the grid found
  // its width may have asked too, so the count is a bound, not the drawn cells exactly.
  const drawn = await images.evaluateAll((all) =>
    all.map((img) => decodeURIComponent(new URL((img as HTMLImageElement).src).pathname.split('/').pop()!)),
  );
  expect([...thumbnails]).toEqual(expect.arrayContaining(drawn));
  expect(thumbnails.size).toBeLessThan(60); // the first screen's cells, not all 151 images
  await audit(page, 'grid');

  // Scrolled to the end: the last cells' thumbnails, and still nothing for the cells scrolled past.
  await grid.evaluate((element) => (element.scrollTop = element.scrollHeight));
  await expect(grid.getByRole('button', { name: /zz-notes\.txt/ })).toBeVisible();
  await expect(grid.locator('img[src*="img-149.png"]')).toBeVisible();
  expect(thumbnails.size).toBeLessThan(2 * 60);
  expect(thumbnails.has('img-075.png')).toBe(false);

  // Keyboard: the first cell, selected with Space, opened with Enter.
  await grid.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Space');
  await expect(page.getByRole('region', { name: 'Selection' })).toContainText('1 selected');
  await expect(grid.getByRole('checkbox', { name: 'Select a-drawing.svg' })).toBeChecked();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Object details' })).toContainText('img-000.png');

  // The choice is remembered.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Grid view' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('group', { name: /Objects as a grid/ })).toBeVisible();
});

test('in the grid, a cell has the actions menu, renames in place and drags onto a folder like a row', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'a.png': 'not really a png', 'into/x.txt': 'X' });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByRole('button', { name: 'Grid view' }).click();
  const grid = page.getByRole('group', { name: /Objects as a grid/ });
  const file = grid.getByRole('button', { name: /^a\.png/ });

  // The menu's Rename edits the name in the cell, as in the table.
  await file.click({ button: 'right' });
  await page
    .getByRole('menu', { name: 'Actions for a.png' })
    .getByRole('menuitem', { name: 'Rename', exact: true })
    .click();
  const name = page.getByRole('textbox', { name: 'New name for a.png' });
  await name.fill('b.png');
  await name.press('Enter');
  const renamed = grid.getByRole('button', { name: /^b\.png/ });
  await expect(renamed).toBeVisible();

  // Dragged onto a folder's cell: moved there.
  await renamed.dragTo(grid.getByRole('link', { name: 'into/' }));
  const keys = async () =>
    ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key).sort();
  await expect.poll(keys).toEqual(['into/b.png', 'into/x.txt']);
});
