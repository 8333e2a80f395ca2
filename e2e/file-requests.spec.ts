import { GetObjectCommand, ListObjectsV2Command, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const SHOTS = process.env.S3FM_SHOTS;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The owner's side: Request files in `prefix`, with the choices given, and the link it makes. */
async function makeLink(
  page: Page,
  bucket: string,
  prefix: string,
  choices: { label?: string; size?: string; types?: string; expiresIn?: string } = {},
): Promise<string> {
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}&prefix=${encodeURIComponent(prefix)}`);
  await page.getByRole('button', { name: 'Request files' }).click();
  const dialog = page.getByRole('dialog', { name: 'Request files' });
  if (choices.label)
    await dialog.getByRole('textbox', { name: /Label shown to the uploader/ }).fill(choices.label);
  if (choices.size) await dialog.getByRole('combobox', { name: 'Largest file' }).selectOption(choices.size);
  if (choices.types) await dialog.getByRole('radio', { name: choices.types }).check();
  if (choices.expiresIn) {
    const slider = dialog.getByRole('slider', { name: 'Expires in' });
    await slider.focus();
    await slider.press('Home');
    for (let i = 0; i < 40 && (await slider.getAttribute('aria-valuetext')) !== choices.expiresIn; i++) {
      await slider.press('ArrowRight');
    }
  }
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const field = dialog.getByRole('textbox', { name: 'Link', exact: true });
  await expect(field).toHaveValue(/\/drop\/#/);
  return field.inputValue();
}

/** A stranger: a fresh browser context with no keys, no cookies, nothing saved. */
async function stranger(browser: Browser, link: string, options: { at?: number } = {}): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (options.at) await page.clock.install({ time: options.at });
  await page.goto(link);
  return page;
}

async function dropFiles(
  page: Page,
  files: Array<{ name: string; text?: string; size?: number; type?: string }>,
) {
  const dataTransfer = await page.evaluateHandle((specs) => {
    const transfer = new DataTransfer();
    for (const spec of specs) {
      const body = spec.text ?? new Uint8Array(spec.size ?? 0);
      transfer.items.add(new File([body], spec.name, { type: spec.type ?? '' }));
    }
    return transfer;
  }, files);
  const zone = page.getByRole('region', { name: 'Drop files or folders here' });
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

async function keysUnder(s3: import('@aws-sdk/client-s3').S3Client, bucket: string, prefix: string) {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((o) => o.Key!).sort();
}

test('the owner makes a link; a stranger without keys drops files and a folder into a folder of their own', async ({
  connected: page,
  bucket,
  seed,
  s3,
  sandbox,
  browser,
}) => {
  await seed({ 'inbox/': '', 'inbox/already there.txt': 'keep me' });
  const link = await makeLink(page, bucket, 'inbox/', { label: 'Trip photos & notes', size: '10 MiB' });
  const dialog = page.getByRole('dialog', { name: 'Request files' });
  await expect(dialog.getByText('The bucket’s CORS rules let the drop page send files.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Show QR code' }).click();
  await expect(dialog.getByRole('img', { name: 'QR code of the link' })).toBeVisible();
  await shot(page, 'request-files-dialog');

  // The link: this app's drop page, everything in the fragment, never a secret.
  const url = new URL(link);
  expect(url.origin + url.pathname).toBe(new URL('/drop/', page.url()).toString());
  expect(url.search).toBe('');
  expect(decodeURIComponent(link)).not.toContain(sandbox.secretKey);
  const payload = JSON.parse(Buffer.from(url.hash.slice(1), 'base64url').toString());
  expect(Object.keys(payload.fields).sort()).toEqual(
    ['Policy', 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature'].sort(),
  );
  expect(JSON.stringify(payload)).not.toContain(sandbox.secretKey);

  const drop = await stranger(browser, link);
  await expect(drop.getByRole('heading', { name: 'Trip photos & notes' })).toBeVisible();
  const limits = drop.getByRole('definition');
  await expect(limits.nth(0)).toHaveText('10 MiB');
  await expect(limits.nth(1)).toHaveText('Any type');
  await expect(limits.nth(2)).toHaveText(/23 h|1 d/);
  await shot(drop, 'drop-page-idle');

  const files = {
    'a b.txt': 'spaces',
    'ünï çødé 😀.txt': 'unicode',
    'plus+pct%hash#amp&.txt': 'symbols',
  };
  await dropFiles(
    drop,
    Object.entries(files).map(([name, text]) => ({ name, text })),
  );
  await expect(drop.getByRole('status')).toHaveText('3 of 3 files sent.');

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'file-request-e2e-'));
  const tree: Record<string, string> = {
    'album/top.txt': 'top',
    'album/sub dir/x y+z%.txt': 'deep',
    'album/sub dir/ü#&.csv': 'a,b\n',
  };
  try {
    for (const [relative, body] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      fs.writeFileSync(path.join(root, relative), body);
    }
    await drop.getByLabel('Folder to send').setInputFiles(path.join(root, 'album'));
    await expect(drop.getByRole('status')).toHaveText('6 of 6 files sent.');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }

  // Node sees every key under one fresh session folder of the link's folder, bytes intact; nothing replaced.
  const keys = await keysUnder(s3, bucket, 'inbox/');
  const session = keys
    .find((k) => k.endsWith('a b.txt'))!
    .slice('inbox/'.length)
    .split('/')[0];
  expect(session).toMatch(/^\d{4}-\d{2}-\d{2}-\d{4}-[a-z0-9]{8}$/);
  const expected = { ...files, ...tree };
  expect(keys).toEqual(
    [
      'inbox/',
      'inbox/already there.txt',
      ...Object.keys(expected).map((p) => `inbox/${session}/${p}`),
    ].sort(),
  );
  for (const [relative, body] of Object.entries(expected)) {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: `inbox/${session}/${relative}` }),
    );
    expect(await object.Body!.transformToString(), relative).toBe(body);
  }
  const kept = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'inbox/already there.txt' }));
  expect(await kept.Body!.transformToString()).toBe('keep me');

  // The owner sees the arrivals like any upload.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('link', { name: `${session}/` }).click();
  await expect(page.getByRole('link', { name: 'album/' })).toBeVisible();
  await expect(page.getByText('plus+pct%hash#amp&.txt')).toBeVisible();
  await drop.context().close();
});

test('a file over the limit or of another type is refused before any byte is sent', async ({
  connected: page,
  bucket,
  s3,
  browser,
}) => {
  const link = await makeLink(page, bucket, '', { size: '10 MiB', types: 'Images only' });
  const drop = await stranger(browser, link);
  await expect(drop.getByRole('definition').nth(1)).toHaveText('Images only');
  const posts: string[] = [];
  drop.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
  await dropFiles(drop, [
    { name: 'big.png', size: 10 * 1024 * 1024 + 1, type: 'image/png' },
    { name: 'notes.txt', text: 'not an image', type: 'text/plain' },
    { name: 'ok.png', text: 'png', type: 'image/png' },
  ]);
  await expect(drop.getByRole('status')).toHaveText('1 of 3 files sent.');
  await expect(drop.getByRole('listitem', { name: 'big.png' })).toContainText(
    'It is 10.0 MiB; this link accepts files up to 10 MiB.',
  );
  await expect(drop.getByRole('listitem', { name: 'notes.txt' })).toContainText(
    'Its type (text/plain) is not allowed here: this link accepts images only.',
  );
  expect(posts).toHaveLength(1);
  expect((await keysUnder(s3, bucket, '')).map((k) => k.split('/').pop())).toEqual(['ok.png']);
  await drop.context().close();
});

test('an expired link says so, and a damaged one says it is damaged', async ({
  connected: page,
  bucket,
  browser,
}) => {
  const link = await makeLink(page, bucket, 'in/', { expiresIn: '1 minute' });
  const later = await stranger(browser, link, { at: Date.now() + 2 * 60_000 });
  await expect(later.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
  await expect(later.getByRole('alert')).toContainText('Ask the person who sent it for a new one.');
  await expect(later.getByRole('button', { name: 'Choose files' })).toHaveCount(0);
  await shot(later, 'drop-page-expired');
  await later.context().close();

  for (const fragment of ['#', '#garbage!', `#${link.split('#')[1].slice(0, 100)}`]) {
    const damaged = await stranger(browser, new URL(`/drop/${fragment}`, page.url()).toString());
    await expect(damaged.getByRole('heading', { name: 'This link is damaged' })).toBeVisible();
    await damaged.context().close();
  }
});

test('a bucket whose CORS refuses POST: the dialog offers the fix, the drop page explains, Retry then works', async ({
  connected: page,
  bucket,
  s3,
  baseURL,
  browser,
}) => {
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          {
            AllowedOrigins: [baseURL!],
            AllowedMethods: ['GET', 'PUT', 'DELETE', 'HEAD'],
            AllowedHeaders: ['*'],
          },
        ],
      },
    }),
  );
  const link = await makeLink(page, bucket, '');
  const dialog = page.getByRole('dialog', { name: 'Request files' });
  await expect(dialog.getByRole('alert')).toContainText('do not allow POST from');

  const drop = await stranger(browser, link);
  await dropFiles(drop, [{ name: 'report.txt', text: 'hello' }]);
  const row = drop.getByRole('listitem', { name: 'report.txt' });
  await expect(row).toContainText('refused this page');
  await expect(row).toContainText('For the link’s owner: the bucket’s CORS rules must allow POST from');

  await dialog.getByRole('button', { name: 'Apply CORS rule' }).click();
  await expect(dialog.getByText(/CORS rule applied/)).toBeVisible();
  await row.getByRole('button', { name: 'Retry report.txt' }).click();
  await expect(drop.getByRole('status')).toHaveText('1 of 1 file sent.');
  expect((await keysUnder(s3, bucket, '')).map((k) => k.split('/').pop())).toEqual(['report.txt']);
  await drop.context().close();
});

test('a file on its way can be cancelled and sent again', async ({
  connected: page,
  bucket,
  s3,
  sandbox,
  browser,
}) => {
  const link = await makeLink(page, bucket, 'in/', { label: 'Scans' });
  const drop = await stranger(browser, link);
  // The first POST is held back until it was cancelled, so the page is seen while sending; the retry goes through.
  let held = 0;
  let release = () => {};
  const cancelled = new Promise<void>((resolve) => (release = resolve));
  await drop.route(
    (url) => url.origin === sandbox.endpoint,
    async (route) => {
      const request = route.request();
      if (request.method() === 'POST' && request.postDataBuffer()?.includes('scan 1.pdf') && held++ === 0) {
        await cancelled;
      }
      await route.continue().catch(() => {});
    },
  );
  await dropFiles(drop, [
    { name: 'scan 1.pdf', size: 3 * 1024 * 1024, type: 'application/pdf' },
    { name: 'scan 2.pdf', text: 'pdf', type: 'application/pdf' },
  ]);
  const row = drop.getByRole('listitem', { name: 'scan 1.pdf' });
  await expect(row).toContainText('Sending');
  await expect(row.getByRole('progressbar', { name: 'scan 1.pdf sent' })).toBeVisible();
  await expect(drop.getByRole('listitem', { name: 'scan 2.pdf' })).toContainText('Sent ✓');
  await shot(drop, 'drop-page-uploading');
  await row.getByRole('button', { name: 'Cancel scan 1.pdf' }).click();
  await expect(row).toContainText('Cancelled');
  release();
  await row.getByRole('button', { name: 'Retry scan 1.pdf' }).click();
  await expect(drop.getByRole('status')).toHaveText('2 of 2 files sent.');
  const keys = await keysUnder(s3, bucket, 'in/');
  expect(keys.map((k) => k.split('/').pop()).sort()).toEqual(['scan 1.pdf', 'scan 2.pdf']);
  await drop.context().close();
});
