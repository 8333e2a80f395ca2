import { expect, test } from './fixtures';

test('a browser clock two hours off still works: the SDK learns the server time', async ({
  page,
  sandbox,
}) => {
  await page.clock.install({ time: new Date(Date.now() + 2 * 60 * 60 * 1000) });
  await page.goto('/');
  await page.getByRole('button', { name: 'Connect to the local sandbox' }).click();
  await expect(page.getByRole('link', { name: sandbox.bucket, exact: true })).toBeVisible();
  await page.getByRole('link', { name: sandbox.bucket, exact: true }).click();
  await expect(page.getByRole('button', { name: 'hello.txt', exact: true })).toBeVisible();
});

test('503 and SlowDown answers are retried with backoff; a 403 is not', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'x.txt': 'x' });
  let listings = 0;
  await page.route(
    (url) => url.pathname === `/${bucket}/` && url.searchParams.get('list-type') === '2',
    async (route) => {
      listings++;
      if (listings === 1)
        return route.fulfill({ status: 503, body: '<Error><Code>ServiceUnavailable</Code></Error>' });
      if (listings === 2) return route.fulfill({ status: 503, body: '<Error><Code>SlowDown</Code></Error>' });
      return route.continue();
    },
  );
  await page.goto(`/?bucket=${bucket}`);
  await expect(page.getByRole('button', { name: 'x.txt', exact: true })).toBeVisible();
  expect(listings).toBe(3);

  await page.unrouteAll();
  let refused = 0;
  await page.route(
    (url) => url.pathname === `/${bucket}/` && url.searchParams.get('list-type') === '2',
    (route) => {
      refused++;
      return route.fulfill({
        status: 403,
        contentType: 'application/xml',
        body: '<Error><Code>AccessDenied</Code><Message>no</Message></Error>',
      });
    },
  );
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('alert')).toContainText('Access denied');
  expect(refused).toBe(1);
});

test('when the server goes away mid-listing the error is clear and Retry recovers', async ({
  connected: page,
  bucket,
  seed,
  sandbox,
}) => {
  await seed(
    Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`k${String(i).padStart(4, '0')}`, ''])),
  );
  await page.goto(`/?bucket=${bucket}`);
  await expect(page.getByRole('button', { name: 'k0000', exact: true })).toBeVisible();
  // The server vanishes: every request to it fails at the network level, whatever the route.
  const endpoint = new URL(sandbox.endpoint);
  await page.route(
    (url) => url.host === endpoint.host || url.pathname.startsWith('/_relay/s3'),
    (route) => route.abort('connectionrefused'),
  );
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('alert')).toContainText('Could not reach');
  await expect(page.getByRole('status').filter({ hasText: 'items' })).not.toHaveText('1500 items');
  await page.unrouteAll();
  await page.getByRole('button', { name: 'Retry' }).click();
  const scroller = page.locator('.table-scroll');
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(page.getByRole('status').filter({ hasText: 'items' })).toHaveText('1500 items', {
      timeout: 1000,
    });
  }).toPass();
});

test('a change made in another tab shows up in this one', async ({
  connected: page,
  bucket,
  seed,
  context,
}) => {
  await seed({ 'first.txt': '1' });
  await page.goto(`/?bucket=${bucket}`);
  await expect(page.getByRole('button', { name: 'first.txt', exact: true })).toBeVisible();
  // A new tab has its own sessionStorage: it connects on its own, as a person would.
  const other = await context.newPage();
  await other.goto(`/?bucket=${bucket}`);
  await other.getByRole('button', { name: 'Connect to the local sandbox' }).click();
  await other.getByRole('button', { name: 'New text file' }).click();
  await other.getByLabel('File name').fill('second.txt');
  await other.getByRole('button', { name: 'Save file' }).click();
  await expect(other.getByRole('button', { name: 'second.txt', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'second.txt', exact: true })).toBeVisible();
});
