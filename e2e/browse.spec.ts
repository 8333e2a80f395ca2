import { expect, test } from './fixtures';

test('folders open, breadcrumbs go back, deep links survive reload and Back', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'top.txt': 'top', 'docs/readme.md': '# hi', 'docs/notes/2024.txt': 'note' });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('link', { name: bucket, exact: true }).click();
  await expect(page.getByRole('link', { name: 'docs/' })).toBeVisible();
  await expect(page.getByRole('row').nth(1)).toContainText('docs/'); // folders first
  await page.getByRole('link', { name: 'docs/' }).click();
  // The folder is drawn once its first page is here: filter it only then, not the one being left.
  await expect(page.getByText('readme.md')).toBeVisible();
  // A filter and a selection belong to their folder: the next one (and the same one again) starts without them.
  const filter = page.getByRole('searchbox', { name: 'Filter by name' });
  await filter.fill('notes');
  await expect(page.getByText('readme.md')).toBeHidden();
  await page.getByRole('checkbox', { name: 'Select notes/' }).check();
  await page.getByRole('link', { name: 'notes/' }).click();
  await expect(page.getByText('2024.txt')).toBeVisible();
  await expect(filter).toHaveValue('');
  await expect(page.getByRole('checkbox', { name: 'Select 2024.txt' })).not.toBeChecked();
  await page.goBack();
  await expect(page.getByText('readme.md')).toBeVisible();
  await expect(filter).toHaveValue('');
  await expect(page.getByRole('checkbox', { name: 'Select notes/' })).not.toBeChecked();
  await page.getByRole('link', { name: 'notes/' }).click();
  await expect(page.getByText('2024.txt')).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('prefix')).toBe('docs/notes/');

  await page.reload();
  await expect(page.getByText('2024.txt')).toBeVisible();
  await page.goBack();
  await expect(page.getByText('readme.md')).toBeVisible();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: bucket }).click();
  await expect(page.getByText('top.txt')).toBeVisible();
  const size = page.getByRole('row').filter({ hasText: 'top.txt' }).getByRole('cell').nth(2);
  await expect(size).toHaveText('3 B');
  await expect(size).toHaveAttribute('title', '3 bytes');
});

test('odd keys display as text and navigate correctly', async ({ connected: page, bucket, seed }) => {
  const longName = 'l'.repeat(1024 - 'long/'.length);
  const keys = [
    'a b.txt',
    'plus+sign.txt',
    '100%.txt',
    'hash#tag.txt',
    'what?.txt',
    'a&b=c.txt',
    'ünïcødé.txt',
    'emoji-😀.txt',
    '<img src=x onerror=alert(1)>.txt',
    '"><svg onload=window.__pwned=1>.txt',
    'double//slash.txt',
    '/leading.txt',
    '../dotdot.txt',
    `long/${longName}`,
  ];
  await seed(Object.fromEntries(keys.map((k) => [k, k])));
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  for (const name of keys.slice(0, 10)) {
    await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  }
  await page.getByRole('link', { name: 'double/', exact: true }).click();
  await page.getByRole('link', { name: '/', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'slash.txt', exact: true })).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('prefix')).toBe('double//');

  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await page.getByRole('link', { name: '../', exact: true }).click();
  await expect(page.getByRole('cell', { name: 'dotdot.txt', exact: true })).toBeVisible();

  await page.goto(`/?bucket=${encodeURIComponent(bucket)}&prefix=long%2F`);
  await expect(page.getByRole('cell', { name: longName, exact: true })).toBeVisible();
  expect(dialogs).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('an empty bucket and an empty folder say so', async ({ connected: page, bucket, seed }) => {
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await expect(page.getByText('This bucket is empty.')).toBeVisible();
  await seed({ 'empty/': '' });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('link', { name: 'empty/' }).click();
  await expect(page.getByText('This folder is empty.')).toBeVisible();
});

test('a listing of thousands of keys loads page by page, Load all completes it, few rows in the DOM', async ({
  connected: page,
  bucket,
  seed,
}) => {
  test.setTimeout(180_000); // seeding 2,050 keys takes a while on a loaded machine
  const count = 2050;
  await seed(
    Object.fromEntries(Array.from({ length: count }, (_, i) => [`k-${String(i).padStart(5, '0')}`, ''])),
  );
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  await expect(page.getByRole('cell', { name: 'k-00000', exact: true })).toBeVisible();
  const status = page.getByRole('status').filter({ hasText: /\d+ items?\b/ });
  await expect(status).toContainText('more to come');
  await page.getByRole('button', { name: 'Load all' }).click();
  await expect(status).toHaveText(`${count} items`);
  await expect(page.getByRole('button', { name: 'Load all' })).toBeHidden();
  const scroller = page.locator('.table-scroll');
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByRole('cell', { name: 'k-02049', exact: true })).toBeVisible();
  expect(await page.getByRole('row').count()).toBeLessThan(200);
  await page.getByLabel('Filter by name').fill('k-0123');
  await expect(page.getByRole('cell', { name: /^k-0123\d$/ })).toHaveCount(10);
});

test('a missing bucket in a deep link is explained', async ({ connected: page }) => {
  await page.goto('/?bucket=no-such-bucket-e2e');
  await expect(page.getByRole('alert')).toContainText('There is no bucket named "no-such-bucket-e2e"');
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
});

test('a folder opens with its rows at once, or shows itself loading when the server is slow', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'quick/a.txt': 'a', 'slow/b.txt': 'b', 'broken/c.txt': 'c' });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  const status = page.getByRole('status').filter({ hasText: /\d+ items?\b/ });

  // The first page is fetched before the folder is drawn: the folder appears with its rows.
  await page.getByRole('link', { name: 'quick/' }).click();
  await expect(page.getByRole('button', { name: 'a.txt', exact: true })).toBeVisible();
  await expect(status).toHaveText('1 item');

  // A slow answer does not hold the click: the folder is drawn after a moment, saying it is loading.
  await page.goBack();
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/[?&]prefix=slow%2F/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('link', { name: 'slow/' }).click();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('slow');
  await expect(page.getByText('Loading…')).toBeVisible();
  release();
  await expect(page.getByRole('button', { name: 'b.txt', exact: true })).toBeVisible();
  await page.unrouteAll();

  // A refused first page is the folder's error, with its Retry, not a click that does nothing.
  await page.goBack();
  const refusal = '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
  await page.route(/[?&]prefix=broken%2F/, (route) =>
    route.fulfill({ status: 403, contentType: 'application/xml', body: refusal }),
  );
  await page.getByRole('link', { name: 'broken/' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not list this folder');
  await page.unrouteAll();
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('button', { name: 'c.txt', exact: true })).toBeVisible();
});

test('pressing on a folder starts its listing before the click; the click uses it, asks nothing twice', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'docs/readme.md': '# hi' });
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
  const folder = page.getByRole('link', { name: 'docs/', exact: true });
  await expect(folder).toBeVisible();
  const listings: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).searchParams.get('prefix') === 'docs/') listings.push(r.url());
  });
  await folder.hover();
  await page.mouse.down();
  await expect.poll(() => listings.length).toBe(1); // on its way while the button is still down
  await expect(page.getByText('readme.md')).toBeHidden();
  await page.mouse.up();
  await expect(page.getByText('readme.md')).toBeVisible();
  await expect.poll(() => new URL(page.url()).searchParams.get('prefix')).toBe('docs/');
  expect(listings).toHaveLength(1);
});
