import { PutBucketCorsCommand, PutObjectAclCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Locator } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { connectWithForm, expect, test } from './fixtures';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** Bytes that break text handling: every byte value, then multi-byte UTF-8. */
const BODY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from(' r\u00e9sum\u00e9 \ud83d\ude00 '.repeat(100)),
]);

/** Moves the slider with the keyboard, as a person would, until it says `text`. */
async function slideTo(slider: Locator, text: string) {
  await slider.focus();
  await slider.press('Home');
  for (let i = 0; i < 40; i++) {
    if ((await slider.getAttribute('aria-valuetext')) === text) return;
    await slider.press('ArrowRight');
  }
  throw new Error(`the slider never said ${text}`);
}

test('a 1-hour link: X-Amz-Expires=3600, the real endpoint, and the exact bytes for a stranger', async ({
  connected: page,
  bucket,
  s3,
  sandbox,
  browser,
}) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'docs/r\u00e9sum\u00e9 1.bin', Body: BODY }));
  await page.goto(`/?bucket=${bucket}&prefix=docs%2F`);
  await page.getByRole('button', { name: 'Share r\u00e9sum\u00e9 1.bin' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share “r\u00e9sum\u00e9 1.bin”' });
  const slider = dialog.getByRole('slider', { name: 'Expires in' });
  const field = dialog.getByRole('textbox', { name: 'Link', exact: true });

  // The slider's range: 1 minute to 7 days.
  await slider.focus();
  await slider.press('End');
  await expect(slider).toHaveAttribute('aria-valuetext', '7 days');
  await expect(field).toHaveValue(/X-Amz-Expires=604800/);
  await slideTo(slider, '1 minute');
  await expect(field).toHaveValue(/X-Amz-Expires=60&/);

  await slideTo(slider, '1 hour');
  await expect(field).toHaveValue(/X-Amz-Expires=3600&/);
  const url = new URL(await field.inputValue());
  expect(url.origin).toBe(sandbox.endpoint);
  expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
  // The exact expiry is shown, as a local date and time, one hour from the signing time.
  const when = dialog.locator('time');
  const expiresAt = Date.parse((await when.getAttribute('datetime'))!);
  expect(Math.abs(expiresAt - (Date.now() + 3600_000))).toBeLessThan(30_000);
  await expect(when).toHaveText(/\d{1,2}:\d{2}:\d{2}/);

  // A stranger: a fresh browser context, no cookies, no keys.
  const stranger = await browser.newContext();
  const response = await stranger.request.get(url.toString());
  expect(response.status()).toBe(200);
  expect(Buffer.compare(await response.body(), BODY)).toBe(0);

  // Forced download: the same bytes, saved under the object's name.
  await dialog.getByRole('radio', { name: /Download as/ }).check();
  await expect(field).toHaveValue(/response-content-disposition=attachment/);
  const downloadUrl = await field.inputValue();
  const strangerPage = await stranger.newPage();
  const downloadEvent = strangerPage.waitForEvent('download');
  await strangerPage.goto(downloadUrl).catch(() => undefined); // navigation turns into a download
  const download = await downloadEvent;
  expect(download.suggestedFilename()).toBe('r\u00e9sum\u00e9 1.bin');
  expect(Buffer.compare(await readFile((await download.path())!), BODY)).toBe(0);
  await stranger.close();
});

test('Copy link puts the link on the clipboard and says so', async ({ connected: page, bucket, seed }) => {
  await seed({ 'hello.txt': 'Hello World!' });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'Share hello.txt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share “hello.txt”' });
  const field = dialog.getByRole('textbox', { name: 'Link', exact: true });
  await expect(field).toHaveValue(/X-Amz-Signature=/);
  await expect(field).toHaveAttribute('readonly', '');
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByRole('region', { name: 'Signed link' }).getByRole('status')).toHaveText(
    'Link copied to the clipboard.',
  );
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await field.inputValue());
  const response = await fetch(copied);
  expect(await response.text()).toBe('Hello World!');
});

test('a public object also offers its plain URL, checked with an anonymous request', async ({
  connected: page,
  bucket,
  seed,
  s3,
  sandbox,
}) => {
  await seed({ 'pub.txt': 'public text', 'priv.txt': 'private text' });
  await s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'pub.txt', ACL: 'public-read' }));
  await page.goto(`/?bucket=${bucket}`);

  await page.getByRole('button', { name: 'Share priv.txt' }).click();
  let dialog = page.getByRole('dialog', { name: 'Share “priv.txt”' });
  await expect(dialog.getByRole('switch', { name: 'Public: priv.txt' })).not.toBeChecked();
  await expect(dialog.getByRole('region', { name: 'Public URL' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Share pub.txt' }).click();
  dialog = page.getByRole('dialog', { name: 'Share “pub.txt”' });
  await expect(dialog.getByRole('switch', { name: 'Public: pub.txt' })).toBeChecked();
  const plain = dialog.getByRole('textbox', { name: 'Public URL' });
  await expect(plain).toHaveValue(`${sandbox.endpoint}/${bucket}/pub.txt`);
  await expect(dialog).toContainText('Checked: it answers an anonymous request (HTTP 200)');
  expect(await (await fetch(await plain.inputValue())).text()).toBe('public text');
  await dialog.getByRole('button', { name: 'Copy public URL' }).click();
  await expect(dialog.getByRole('region', { name: 'Public URL' }).getByRole('status')).toHaveText(
    'Public URL copied to the clipboard.',
  );
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await plain.inputValue());

  // Made private from the dialog itself: the plain URL goes away, and the server refuses strangers.
  await dialog.getByRole('switch', { name: 'Public: pub.txt' }).click();
  await expect(dialog.getByRole('region', { name: 'Public URL' })).toHaveCount(0);
  await expect.poll(async () => (await fetch(`${sandbox.endpoint}/${bucket}/pub.txt`)).status).toBe(403);
});

test('when the server refuses strangers despite the ACL, the dialog says so', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'blocked.txt': 'x' });
  await s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'blocked.txt', ACL: 'public-read' }));
  // As if a bucket policy (or "block public access") denied anonymous reads.
  await page.route(
    (url) => url.pathname.endsWith('/blocked.txt') && !url.search,
    (route) =>
      route.fulfill({
        status: 403,
        headers: { 'access-control-allow-origin': new URL(page.url()).origin },
      }),
  );
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'Share blocked.txt' }).click();
  await expect(page.getByRole('dialog')).toContainText('An anonymous request was refused (HTTP 403)');
});

test('the QR code is drawn on demand from a chunk that is not in the initial bundle', async ({
  connected: page,
  bucket,
  seed,
}) => {
  await seed({ 'phone.txt': 'hi' });
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'Share phone.txt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share “phone.txt”' });
  await expect(dialog.getByRole('textbox', { name: 'Link', exact: true })).toHaveValue(/X-Amz-Signature=/);
  const before = scripts.length;
  await dialog.getByRole('button', { name: 'Show QR code' }).click();
  const qr = dialog.getByRole('img', { name: 'QR code of the link' });
  await expect(qr).toBeVisible();
  expect(scripts.length).toBeGreaterThan(before); // its code arrived only now
  expect((await qr.boundingBox())!.width).toBeGreaterThan(150);
});

test('links name the real endpoint even when the app talks through its relay', async ({
  page,
  bucket,
  seed,
  sandbox,
}) => {
  await seed({ 'relayed.txt': 'via relay' });
  await connectWithForm(page, sandbox, { transport: 'relay' });
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'Share relayed.txt' }).click();
  const field = page.getByRole('dialog').getByRole('textbox', { name: 'Link', exact: true });
  await expect(field).toHaveValue(/X-Amz-Signature=/);
  const link = await field.inputValue();
  expect(new URL(link).origin).toBe(sandbox.endpoint);
  expect(await (await fetch(link)).text()).toBe('via relay');
});

test('with the computer’s clock 3 hours behind, links are signed with the server’s time', async ({
  page,
  bucket,
  seed,
  s3,
  sandbox,
  baseURL,
}) => {
  await seed({ 'clock.txt': 'on time' });
  // The page may read the server's Date header only when the bucket's CORS rule exposes it.
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [baseURL!],
            AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
            AllowedHeaders: ['*'],
            ExposeHeaders: ['ETag', 'Date'],
          },
        ],
      },
    }),
  );
  await page.clock.install({ time: Date.now() - 3 * 3600_000 });
  await connectWithForm(page, sandbox);
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'Share clock.txt' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share “clock.txt”' });
  await expect(dialog).toContainText('This computer’s clock is 3 hours behind the server’s');
  const slider = dialog.getByRole('slider', { name: 'Expires in' });
  await slideTo(slider, '10 minutes');
  const field = dialog.getByRole('textbox', { name: 'Link', exact: true });
  await expect(field).toHaveValue(/X-Amz-Expires=600&/);
  const link = new URL(await field.inputValue());
  const amzDate = link.searchParams.get('X-Amz-Date')!; // e.g. 20261125T101500Z
  const signedAt = Date.parse(
    amzDate.replace(/(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z/, '$1-$2-$3T$4:$5:$6Z'),
  );
  expect(Math.abs(signedAt - Date.now())).toBeLessThan(60_000);
  const response = await fetch(link);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('on time');
});
