import { GetObjectAclCommand, PutObjectAclCommand } from '@aws-sdk/client-s3';
import type { Page, Route } from '@playwright/test';
import { expect, test, type Sandbox } from './fixtures';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** An outsider's view: a plain Node fetch, no credentials, no signature. */
const anonymousStatus = async (sandbox: Sandbox, bucket: string, key: string) =>
  (await fetch(`${sandbox.endpoint}/${bucket}/${encodeURIComponent(key)}`)).status;

/** A faked S3 error, readable cross-origin (the page must see the code, not a CORS failure). */
function s3Error(route: Route, page: Page, status: number, code: string) {
  return route.fulfill({
    status,
    contentType: 'application/xml',
    headers: { 'access-control-allow-origin': new URL(page.url()).origin },
    body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>faked by the test</Message></Error>`,
  });
}

/** GetObjectAcl, PutObjectAcl, GetBucketAcl, PutBucketAcl: all carry `?acl`. */
const aclUrl = (url: URL) => url.searchParams.has('acl');

test('the public switch makes an object readable by anyone, and private again', async ({
  connected: page,
  bucket,
  seed,
  sandbox,
  s3,
}) => {
  await seed({ 'hello.txt': 'Hello World!' });
  await page.goto(`/?bucket=${bucket}`);
  const row = page.getByRole('row').filter({ hasText: 'hello.txt' });
  await expect(row.getByRole('cell').filter({ hasText: 'Private' })).toBeVisible();

  await page.getByRole('button', { name: 'hello.txt', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Object details' });
  const toggle = panel.getByRole('switch', { name: 'Public: hello.txt' });
  await expect(toggle).not.toBeChecked();
  await expect(toggle).toBeEnabled();
  await toggle.click();

  const confirm = page.getByRole('dialog', { name: 'Make “hello.txt” public?' });
  await expect(confirm).toContainText('Anyone who has its URL will be able to read it: no sign-in');
  await confirm.getByRole('button', { name: 'Make public' }).click();
  await expect(toggle).toBeChecked();
  await expect(row.getByRole('cell').filter({ hasText: 'Public' })).toBeVisible();
  await expect.poll(() => anonymousStatus(sandbox, bucket, 'hello.txt')).toBe(200);
  const body = await fetch(`${sandbox.endpoint}/${bucket}/hello.txt`).then((r) => r.text());
  expect(body).toBe('Hello World!');

  // Back to private: no question asked this time, and the outsider is refused.
  await toggle.click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(toggle).not.toBeChecked();
  await expect.poll(() => anonymousStatus(sandbox, bucket, 'hello.txt')).toBe(403);
  const acl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'hello.txt' }));
  expect(acl.Grants?.some((g) => g.Grantee?.URI === ALL_USERS)).toBe(false);

  // Once confirmed, making public again does not ask again in this session.
  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect.poll(() => anonymousStatus(sandbox, bucket, 'hello.txt')).toBe(200);
});

test('the optimistic switch rolls back when the server refuses PutObjectAcl', async ({
  connected: page,
  bucket,
  seed,
  sandbox,
}) => {
  await seed({ 'hello.txt': 'Hello World!' });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let refused = 0;
  await page.route(aclUrl, async (route) => {
    if (route.request().method() !== 'PUT' || refused) return route.continue();
    refused++;
    await held; // keep the request open so the optimistic state can be seen
    await s3Error(route, page, 403, 'AccessDenied');
  });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'hello.txt', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Object details' });
  const toggle = panel.getByRole('switch', { name: 'Public: hello.txt' });
  const cell = page.getByRole('row').filter({ hasText: 'hello.txt' }).getByRole('cell');
  await expect(cell.filter({ hasText: 'Private' })).toBeVisible();
  await toggle.click();
  await page
    .getByRole('dialog', { name: /public\?/ })
    .getByRole('button', { name: 'Make public' })
    .click();

  await expect(toggle).toBeChecked(); // at once, before the server answers
  await expect(cell.filter({ hasText: 'Public' })).toBeVisible();
  release();
  await expect(toggle).not.toBeChecked();
  await expect(cell.filter({ hasText: 'Private' })).toBeVisible();
  await expect(panel.getByRole('alert')).toContainText('Access denied');
  expect(refused).toBe(1);
  expect(await anonymousStatus(sandbox, bucket, 'hello.txt')).toBe(403);

  // The next try goes through.
  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect.poll(() => anonymousStatus(sandbox, bucket, 'hello.txt')).toBe(200);
  await expect(panel.getByRole('alert')).toHaveCount(0);
});

test('a server without ACLs gets a disabled switch that says why, and the rest keeps working', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'a.txt': 'a', 'b.txt': 'b' });
  let asked = 0;
  // RGW does ACLs: fake MinIO's answer to GetObjectAcl / GetBucketAcl.
  await page.route(aclUrl, (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    asked++;
    return s3Error(route, page, 501, 'NotImplemented');
  });
  await page.goto(`/?bucket=${bucket}`);
  const row = page.getByRole('row').filter({ hasText: 'a.txt' });
  await expect(row.getByRole('cell').filter({ hasText: 'No ACLs' })).toBeVisible();

  await page.getByRole('button', { name: 'a.txt', exact: true }).click();
  const panel = page.getByRole('complementary', { name: 'Object details' });
  const toggle = panel.getByRole('switch', { name: 'Public: a.txt' });
  await expect(toggle).toBeDisabled();
  await expect(panel.getByRole('note')).toContainText('does not support ACLs');
  await expect(page.getByRole('switch', { name: /Public listing/ })).toBeDisabled();

  // Other features are untouched: the facts, and a signed link that works.
  await expect(panel).toContainText('Size');
  // Beside the panel the row's buttons are in its ⋯ menu.
  await page.getByRole('button', { name: 'More actions for a.txt' }).click();
  await page.getByRole('menuitem', { name: /^Share/ }).click();
  const dialog = page.getByRole('dialog', { name: /a\.txt/ });
  await expect(dialog.getByRole('textbox', { name: 'Link' })).toHaveValue(/X-Amz-Signature=/);
  const link = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
  expect((await fetch(link)).status).toBe(200);
  // Once the server said it has no ACLs, the other rows were not asked one by one.
  expect(asked).toBeLessThanOrEqual(3);
});

test('Make public / Make private act on the selected objects only', async ({
  connected: page,
  bucket,
  seed,
  sandbox,
}) => {
  await seed({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'docs/d.txt': 'd' });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('checkbox', { name: 'Select a.txt' }).click();
  await page.getByRole('checkbox', { name: 'Select b.txt' }).click();
  await page.getByRole('checkbox', { name: 'Select docs/' }).click();
  const bar = page.getByRole('region', { name: 'Selection' });
  await bar.getByRole('button', { name: 'Make public' }).click();
  const confirm = page.getByRole('dialog', { name: 'Make 2 objects public?' });
  await expect(confirm).toContainText('no sign-in');
  await expect(confirm).toContainText('1 selected folder is skipped');
  await confirm.getByRole('button', { name: 'Make public' }).click();
  await expect(bar.getByRole('status')).toHaveText('Made 2 objects public.');
  expect(await anonymousStatus(sandbox, bucket, 'a.txt')).toBe(200);
  expect(await anonymousStatus(sandbox, bucket, 'b.txt')).toBe(200);
  expect(await anonymousStatus(sandbox, bucket, 'c.txt')).toBe(403);
  expect((await fetch(`${sandbox.endpoint}/${bucket}/docs/d.txt`)).status).toBe(403);
  const rows = page.getByRole('row');
  await expect(
    rows.filter({ hasText: 'a.txt' }).getByRole('cell').filter({ hasText: 'Public' }),
  ).toBeVisible();
  await expect(
    rows.filter({ hasText: 'c.txt' }).getByRole('cell').filter({ hasText: 'Private' }),
  ).toBeVisible();

  await bar.getByRole('button', { name: 'Make private' }).click();
  await page
    .getByRole('dialog', { name: 'Make 2 objects private?' })
    .getByRole('button', { name: 'Make private' })
    .click();
  await expect(bar.getByRole('status')).toHaveText('Made 2 objects private.');
  expect(await anonymousStatus(sandbox, bucket, 'a.txt')).toBe(403);
  expect(await anonymousStatus(sandbox, bucket, 'b.txt')).toBe(403);
});

test('the bucket switch lets anyone list the bucket, with wording that says objects stay private', async ({
  connected: page,
  bucket,
  seed,
  sandbox,
}) => {
  await seed({ 'secret.txt': 'secret' });
  const listUrl = `${sandbox.endpoint}/${bucket}?list-type=2`;
  await page.goto(`/?bucket=${bucket}`);
  const toggle = page.getByRole('switch', { name: `Public listing: bucket ${bucket}` });
  await expect(toggle).toBeEnabled();
  await expect(toggle).not.toBeChecked();
  await toggle.click();
  const confirm = page.getByRole('dialog', { name: `Let anyone list “${bucket}”?` });
  await expect(confirm).toContainText('list the names, sizes and dates of every object');
  await expect(confirm).toContainText('does not make the objects themselves readable');
  await confirm.getByRole('button', { name: 'Make listing public' }).click();
  await expect(toggle).toBeChecked();
  await expect.poll(async () => (await fetch(listUrl)).status).toBe(200);
  expect(await (await fetch(listUrl)).text()).toContain('<Key>secret.txt</Key>');
  expect(await anonymousStatus(sandbox, bucket, 'secret.txt')).toBe(403);

  await toggle.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Make listing private' }).click();
  await expect(toggle).not.toBeChecked();
  await expect.poll(async () => (await fetch(listUrl)).status).toBe(403);
});

test('access is read lazily: only visible rows ask, a few at a time', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  const keys = Array.from({ length: 400 }, (_, i) => `f${String(i).padStart(4, '0')}.txt`);
  await seed(Object.fromEntries(keys.map((k) => [k, k])));
  await s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'f0001.txt', ACL: 'public-read' }));
  // Counted where the requests leave the browser; each answer is held a moment so overlaps cannot hide.
  let inFlight = 0;
  let peak = 0;
  const asked = new Set<string>();
  await page.route(
    (url) => url.searchParams.has('acl'),
    async (route) => {
      const path = new URL(route.request().url()).pathname;
      // Object ACLs only: the bucket's own ACL (the toolbar switch) is one more request, outside the queue.
      if (route.request().method() !== 'GET' || path.replace(/\/$/, '') === `/${bucket}`)
        return route.continue();
      asked.add(path);
      peak = Math.max(peak, ++inFlight);
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 100));
      inFlight--;
      await route.fulfill({ response }).catch(() => undefined); // the row may have scrolled away
    },
  );

  await page.goto(`/?bucket=${bucket}`);
  const row1 = page.getByRole('row').filter({ hasText: 'f0001.txt' });
  await expect(row1.getByRole('cell').filter({ hasText: 'Public' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'f0010.txt' })).toContainText('Private');
  await expect(page.getByLabel('Checking access')).toHaveCount(0);
  const firstScreen = asked.size;
  expect(firstScreen).toBeGreaterThan(5);
  expect(firstScreen).toBeLessThan(80);
  // A few at a time, but more than one: bounded, not serial. (Measured before any row is scrolled away: a
  // cancelled request frees its slot in the page at once, but this route still holds it for a moment.)
  expect(peak).toBeLessThanOrEqual(4);
  expect(peak).toBeGreaterThan(1);

  // Jump to the end: the rows in between are never asked about.
  await page.getByRole('group', { name: /Objects/ }).focus();
  await page.keyboard.press('End');
  await expect(page.getByRole('row').filter({ hasText: 'f0399.txt' })).toContainText('Private');
  expect(asked.size).toBeLessThan(160);
});

test('a bucket ACL that cannot be read again keeps saying what was known, without a contradiction', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await page.clock.install();
  await seed({ 'a.txt': 'a' });
  await page.goto(`/?bucket=${bucket}`);
  const access = page.getByText('Only you can list this bucket.');
  await expect(access).toBeVisible();
  let refused = 0;
  const bucketAcl = (url: URL) => aclUrl(url) && url.pathname.replace(/\/$/, '').endsWith(`/${bucket}`);
  await page.route(bucketAcl, (route) => {
    refused++;
    return s3Error(route, page, 403, 'AccessDenied');
  });
  // Back to the bucket once its ACL is stale: it is read again, and that fails.
  await page.clock.fastForward('11:00');
  await page.getByRole('link', { name: 'Buckets' }).click();
  await page.getByRole('link', { name: bucket, exact: true }).click();
  await expect.poll(() => refused).toBeGreaterThan(0);
  await page.clock.runFor(100);
  await expect(access).toBeVisible();
  await expect(page.getByText('Bucket access unknown.')).toHaveCount(0);
});
