// Editing an object in the details panel: headers and metadata, tags, and the text of a small text object,
// each checked on the server from Node.
import {
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { appCorsRule } from '../src/s3/cors-rules';
import { connectWithForm, expect, test } from './fixtures';

/** A name with the characters keys most often break on: space, + % # ? &, unicode. */
const HARD_NAME = 'a+b %41 #?& ü.txt';

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Object details' });

async function openDetails(page: Page, bucket: string, key: string) {
  const slash = key.lastIndexOf('/');
  const prefix = key.slice(0, slash + 1);
  await page.goto(`/?bucket=${encodeURIComponent(bucket)}&prefix=${encodeURIComponent(prefix)}`);
  await page.getByRole('button', { name: key.slice(slash + 1), exact: true }).click();
  const panel = panelOf(page);
  await expect(panel.getByRole('heading', { name: key.slice(slash + 1) })).toBeVisible();
  return panel;
}

async function textOf(s3: S3Client, bucket: string, key: string) {
  const output = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return output.Body!.transformToString();
}

async function tagsOf(s3: S3Client, bucket: string, key: string) {
  return (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))).TagSet;
}

async function isPublic(s3: S3Client, bucket: string, key: string) {
  const acl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
  return (acl.Grants ?? []).some(
    (grant) => grant.Grantee?.URI?.endsWith('/AllUsers') && grant.Permission === 'READ',
  );
}

test('changes Content-Type, Cache-Control and metadata; tags and the public grant stay', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: HARD_NAME,
      Body: 'hello',
      ContentType: 'text/plain',
      Metadata: { owner: 'alice' },
      Tagging: 'team=blue',
      ACL: 'public-read',
    }),
  );
  const panel = await openDetails(page, bucket, HARD_NAME);
  // Beside the panel the table keeps room for the name: the row's buttons fold into its ⋯ menu.
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: HARD_NAME, exact: true }) });
  const name = row.getByRole('button', { name: HARD_NAME, exact: true });
  expect((await name.boundingBox())!.width).toBeGreaterThan(100);
  await expect(row.getByRole('button', { name: `More actions for ${HARD_NAME}` })).toBeVisible();
  const metadata = panel.getByRole('region', { name: 'Metadata' });
  await expect(metadata).toContainText('alice');
  await metadata.getByRole('button', { name: 'Edit metadata' }).click();
  await metadata.getByRole('textbox', { name: 'Content-Type' }).fill('text/markdown; charset=utf-8');
  await metadata.getByRole('textbox', { name: 'Cache-Control' }).fill('max-age=60');
  await metadata.getByRole('button', { name: 'Add metadata' }).click();
  await metadata.getByRole('textbox', { name: 'Metadata name 2' }).fill('reviewed-by');
  await metadata.getByRole('textbox', { name: 'Metadata value 2' }).fill('bob');
  await page.screenshot({ path: test.info().outputPath('metadata-editor.png') });
  await metadata.getByRole('button', { name: 'Save metadata' }).click();

  await expect(metadata.getByRole('button', { name: 'Edit metadata' })).toBeVisible();
  await expect(metadata).toContainText('text/markdown; charset=utf-8');
  await expect(metadata).toContainText('x-amz-meta-reviewed-by');
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: HARD_NAME }));
  expect(head).toMatchObject({
    ContentType: 'text/markdown; charset=utf-8',
    CacheControl: 'max-age=60',
    Metadata: { owner: 'alice', 'reviewed-by': 'bob' },
  });
  expect(await tagsOf(s3, bucket, HARD_NAME)).toEqual([{ Key: 'team', Value: 'blue' }]);
  expect(await isPublic(s3, bucket, HARD_NAME)).toBe(true);
  expect(await textOf(s3, bucket, HARD_NAME)).toBe('hello');
});

test('an invalid metadata name is refused beside the field, before any request', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'plain.txt': 'x' });
  const panel = await openDetails(page, bucket, 'plain.txt');
  const metadata = panel.getByRole('region', { name: 'Metadata' });
  await metadata.getByRole('button', { name: 'Edit metadata' }).click();
  const writes: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET' && request.method() !== 'HEAD') writes.push(request.url());
  });
  await metadata.getByRole('button', { name: 'Add metadata' }).click();
  const name = metadata.getByRole('textbox', { name: 'Metadata name 1' });
  await name.fill('Bad Name');
  await expect(name).toHaveAccessibleDescription(/may hold only lower-case letters/);
  await expect(metadata.getByRole('button', { name: 'Save metadata' })).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('metadata-invalid.png') });
  await name.press('Enter');
  await name.fill('ok');
  await metadata.getByRole('button', { name: 'Add metadata' }).click();
  await metadata.getByRole('textbox', { name: 'Metadata name 2' }).fill('ok');
  await expect(metadata.getByText('"ok" appears twice.')).toBeVisible();
  await expect(metadata.getByRole('button', { name: 'Save metadata' })).toBeDisabled();
  await metadata.getByRole('button', { name: 'Remove metadata 2' }).click();
  await expect(metadata.getByRole('button', { name: 'Save metadata' })).toBeEnabled();
  await metadata.getByRole('button', { name: 'Cancel' }).click();
  expect(writes).toEqual([]);
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'plain.txt' }));
  expect(head.Metadata).toEqual({});
});

test('edits tags: change, add and remove', async ({ connected: page, bucket, s3 }) => {
  const key = 'tags dir/r&d #1.bin';
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'x', Tagging: 'team=blue&stage=draft' }),
  );
  const panel = await openDetails(page, bucket, key);
  const tags = panel.getByRole('region', { name: 'Tags' });
  await expect(tags).toContainText('draft');
  await tags.getByRole('button', { name: 'Edit tags' }).click();
  const keys = await Promise.all(
    [1, 2].map((n) => tags.getByRole('textbox', { name: `Tag key ${n}` }).inputValue()),
  );
  const stage = keys.indexOf('stage') + 1;
  await tags.getByRole('textbox', { name: `Tag value ${stage}` }).fill('final');
  await tags.getByRole('button', { name: `Remove tag ${3 - stage}` }).click();
  await tags.getByRole('button', { name: 'Add tag' }).click();
  await tags.getByRole('textbox', { name: 'Tag key 2' }).fill('owner');
  await tags.getByRole('textbox', { name: 'Tag value 2' }).fill('Zoë');
  await tags.getByRole('button', { name: 'Save tags' }).click();
  await expect(tags.getByRole('button', { name: 'Edit tags' })).toBeVisible();
  await expect(tags).toContainText('Zoë');
  const saved = await tagsOf(s3, bucket, key);
  expect(saved?.sort((a, b) => a.Key!.localeCompare(b.Key!))).toEqual([
    { Key: 'owner', Value: 'Zoë' },
    { Key: 'stage', Value: 'final' },
  ]);
});

const NOTE = { ContentType: 'text/markdown', Metadata: { author: 'ann' } } as const;

async function openEditor(page: Page, bucket: string, key: string) {
  const panel = await openDetails(page, bucket, key);
  await panel.getByRole('button', { name: 'Edit text' }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${key.split('/').pop()}` });
  await expect(dialog.getByRole('textbox', { name: 'Text' })).toBeVisible();
  return { panel, dialog, text: dialog.getByRole('textbox', { name: 'Text' }) };
}

test('edits a text file and saves it, keeping its type and metadata; large files say why not', async ({
  connected: page,
  bucket,
  s3,
}) => {
  const key = 'notes/week 1+2 #ü.md';
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '# Week\n', ...NOTE }));
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'notes/big.txt',
      Body: 'x'.repeat(1024 * 1024 + 1),
      ContentType: 'text/plain',
    }),
  );
  // The editor's code loads on demand: not with the folder or the details, only once Edit text is pressed.
  const editorCode: string[] = [];
  page.on('request', (request) => {
    if (/\/TextEditorDialog-[^/]*\.js$/.test(request.url())) editorCode.push(request.url());
  });
  const panel = await openDetails(page, bucket, key);
  expect(editorCode).toEqual([]);
  await panel.getByRole('button', { name: 'Edit text' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit week 1+2 #ü.md' });
  const text = dialog.getByRole('textbox', { name: 'Text' });
  await expect(text).toHaveValue('# Week\n');
  expect(editorCode).toHaveLength(1);
  await text.fill('# Week\n\n- plan ✓\n');
  await page.screenshot({ path: test.info().outputPath('text-editor.png') });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole('status')).toHaveText('Saved.');
  expect(await textOf(s3, bucket, key)).toBe('# Week\n\n- plan ✓\n');
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  expect(head).toMatchObject({ ContentType: 'text/markdown', Metadata: { author: 'ann' } });

  await page.getByRole('button', { name: 'big.txt', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Edit text' })).toBeDisabled();
  await expect(panel).toContainText('larger than 1 MiB');
});

test.describe('the file changed since it was opened', () => {
  const key = 'shared/plan & budget?.txt';

  async function openThenChangeFromNode(page: Page, bucket: string, s3: S3Client) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'v1', ...NOTE }));
    const editor = await openEditor(page, bucket, key);
    await editor.text.fill('mine');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'theirs', ...NOTE }));
    await editor.dialog.getByRole('button', { name: 'Save' }).click();
    await expect(editor.dialog.getByRole('alert')).toContainText('changed since it was opened');
    return editor;
  }

  test('Overwrite replaces their version with mine', async ({ connected: page, bucket, s3 }) => {
    const { dialog, panel } = await openThenChangeFromNode(page, bucket, s3);
    await dialog.getByRole('button', { name: 'Overwrite' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByRole('status')).toHaveText('Saved.');
    expect(await textOf(s3, bucket, key)).toBe('mine');
  });

  test('Reload asks, then shows their version; closing with edits asks too', async ({
    connected: page,
    bucket,
    s3,
  }) => {
    const { dialog, text } = await openThenChangeFromNode(page, bucket, s3);
    await dialog.getByRole('button', { name: 'Reload' }).click();
    const confirm = page.getByRole('dialog', { name: 'Reload and lose your edits?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(text).toHaveValue('mine');
    await dialog.getByRole('button', { name: 'Reload' }).click();
    await confirm.getByRole('button', { name: 'Reload' }).click();
    await expect(text).toHaveValue('theirs');
    expect(await textOf(s3, bucket, key)).toBe('theirs');

    await text.fill('theirs, edited');
    await dialog.getByRole('button', { name: 'Close' }).click();
    const discard = page.getByRole('dialog', { name: 'Discard your changes?' });
    await discard.getByRole('button', { name: 'Cancel' }).click();
    await expect(text).toHaveValue('theirs, edited');
    await page.keyboard.press('Escape');
    await discard.getByRole('button', { name: 'Discard changes' }).click();
    await expect(dialog).toBeHidden();
    expect(await textOf(s3, bucket, key)).toBe('theirs');
  });

  test('Save as a copy keeps both, the copy with the original type and metadata', async ({
    connected: page,
    bucket,
    s3,
  }) => {
    const { dialog, panel } = await openThenChangeFromNode(page, bucket, s3);
    await page.screenshot({ path: test.info().outputPath('text-changed.png') });
    await dialog.getByRole('button', { name: 'Save as a copy' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByRole('status')).toHaveText('Saved as a copy: plan & budget? (1).txt');
    const copy = 'shared/plan & budget? (1).txt';
    expect(await textOf(s3, bucket, key)).toBe('theirs');
    expect(await textOf(s3, bucket, copy)).toBe('mine');
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: copy }));
    expect(head).toMatchObject(NOTE);
    await expect(page.getByRole('button', { name: 'plan & budget? (1).txt', exact: true })).toBeVisible();
  });
});

/** An object with headers a page sees only when the CORS rule exposes them, and two metadata names. */
const putReport = (s3: S3Client, bucket: string) =>
  s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'report.csv',
      Body: 'a,b',
      ContentType: 'text/csv',
      ContentDisposition: 'attachment',
      ContentLanguage: 'de',
      CacheControl: 'no-cache',
      Metadata: { owner: 'alice', color: 'red' },
    }),
  );

test('Direct mode shows what the bucket CORS rule exposes, and says metadata may be hidden', async ({
  page,
  sandbox,
  bucket,
  s3,
  baseURL,
}) => {
  await putReport(s3, bucket);
  await connectWithForm(page, sandbox, { transport: 'direct' });
  await expect(page.getByRole('alert')).toContainText('does not let a web page list buckets');
  let metadata = (await openDetails(page, bucket, 'report.csv')).getByRole('region', { name: 'Metadata' });
  // The fixture's rule exposes ETag and x-amz-meta-owner; browsers always show the safelisted Cache-Control.
  await expect(metadata.getByText('alice', { exact: true })).toBeVisible();
  await expect(metadata.getByText('no-cache', { exact: true })).toBeVisible();
  await expect(metadata.getByText('attachment', { exact: true })).toHaveCount(0);
  await expect(metadata.getByText('red', { exact: true })).toHaveCount(0);
  await expect(metadata).toContainText('some may be hidden');
  await page.screenshot({ path: test.info().outputPath('direct-note.png') });

  // The app's rule (what the CORS doctor applies) exposes the headers the panel shows; metadata still by name only.
  const rule = appCorsRule(baseURL!);
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [{ ...rule, ExposeHeaders: [...rule.ExposeHeaders!, 'x-amz-meta-*'] }],
      },
    }),
  );
  metadata = (await openDetails(page, bucket, 'report.csv')).getByRole('region', { name: 'Metadata' });
  await expect(metadata.getByText('attachment', { exact: true })).toBeVisible();
  await expect(metadata.getByText('de', { exact: true })).toBeVisible();
  await expect(metadata.getByText('alice', { exact: true })).toHaveCount(0);
  await expect(metadata.getByText('red', { exact: true })).toHaveCount(0);

  // RGW takes a lone "*" (AWS refuses it), which browsers read as "every header" for a request without cookies.
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: { CORSRules: [{ ...rule, ExposeHeaders: ['*'] }] },
    }),
  );
  metadata = (await openDetails(page, bucket, 'report.csv')).getByRole('region', { name: 'Metadata' });
  await expect(metadata.getByText('red', { exact: true })).toBeVisible();
  await expect(metadata.getByText('attachment', { exact: true })).toBeVisible();

  // Saving in Direct mode asks first: metadata the page cannot see would be dropped.
  await metadata.getByRole('button', { name: 'Edit metadata' }).click();
  await metadata.getByRole('textbox', { name: 'Cache-Control' }).fill('max-age=5');
  await metadata.getByRole('button', { name: 'Save metadata' }).click();
  const confirm = page.getByRole('dialog', { name: 'Save metadata?' });
  await expect(confirm).toContainText('hidden headers and metadata would be removed');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'report.csv' }));
  expect(head.Metadata).toEqual({ owner: 'alice', color: 'red' });
});

test('Auto mode reads headers through the relay: every metadata name shows, and an edit keeps them', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await putReport(s3, bucket);
  const metadata = (await openDetails(page, bucket, 'report.csv')).getByRole('region', { name: 'Metadata' });
  await expect(metadata).toContainText('red');
  await expect(metadata).toContainText('attachment');
  await expect(metadata).not.toContainText('some may be hidden');
  await metadata.getByRole('button', { name: 'Edit metadata' }).click();
  await metadata.getByRole('textbox', { name: 'Cache-Control' }).fill('max-age=5');
  await metadata.getByRole('button', { name: 'Save metadata' }).click();
  await expect(metadata).toContainText('max-age=5');
  const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'report.csv' }));
  expect(head).toMatchObject({
    CacheControl: 'max-age=5',
    ContentDisposition: 'attachment',
    Metadata: { owner: 'alice', color: 'red' },
  });
});
