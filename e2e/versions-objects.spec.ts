import { readFile } from 'node:fs/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { toLocalInput } from '../src/components/versions/version-rows';
import { createBucketWithCors, expect, test } from './fixtures';
import { purgeBucket } from './purge';

test.use({ viewport: { width: 1400, height: 1100 } });

const enableVersioning = (s3: S3Client, bucket: string) =>
  s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));

/** Puts a body on a key from Node; resolves with the new version's id. */
async function put(s3: S3Client, bucket: string, key: string, body: string): Promise<string> {
  const out = await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: Buffer.byteLength(body) }),
  );
  return out.VersionId!;
}

/** The key's versions and markers as the server lists them, newest first. */
async function historyOf(s3: S3Client, bucket: string, key: string) {
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  return [
    ...(out.Versions ?? []).map((v) => ({
      id: v.VersionId!,
      latest: !!v.IsLatest,
      marker: false,
      key: v.Key,
    })),
    ...(out.DeleteMarkers ?? []).map((m) => ({
      id: m.VersionId!,
      latest: !!m.IsLatest,
      marker: true,
      key: m.Key,
    })),
  ].filter((v) => v.key === key);
}

const textOf = async (s3: S3Client, bucket: string, key: string, versionId?: string) =>
  (
    await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }))
  ).Body!.transformToString();

// A name with spaces, a plus, percent, a question mark and non-ASCII: each must be encoded, never parsed.
const HARD = 'docs/ré sumé+100%?.txt';
const HARD_NAME = 'ré sumé+100%?.txt';

test('history: every version listed; download, share, restore and delete one version', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await enableVersioning(s3, bucket);
  const v1 = await put(s3, bucket, HARD, 'first');
  const v2 = await put(s3, bucket, HARD, 'second!');
  const v3 = await put(s3, bucket, HARD, 'third, the latest');

  await page.goto(`/?bucket=${bucket}&prefix=docs/`);
  // Where the bucket keeps versions, a row's menu has History…: the details, with the history in them.
  await page
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: HARD_NAME, exact: true }) })
    .locator('td.col-size')
    .click({ button: 'right' });
  await page
    .getByRole('menu', { name: `Actions for ${HARD_NAME}` })
    .getByRole('menuitem', { name: 'History…' })
    .click();
  const panel = page.getByRole('complementary', { name: 'Object details' });
  const history = panel.getByRole('region', { name: 'History' });
  await expect(history.getByRole('listitem')).toHaveCount(3);
  const item = (id: string) => history.getByRole('listitem', { name: `Version ${id}` });
  await expect(item(v3)).toContainText('Latest');
  await expect(item(v1)).toContainText('5 bytes');
  await expect(item(v1)).not.toContainText('Latest');
  await expect(item(v3).getByRole('button', { name: 'Restore' })).toHaveCount(0);

  // Download of an old version: its own bytes, under the key's name.
  const downloadEvent = page.waitForEvent('download');
  await item(v1).getByRole('button', { name: 'Download' }).click();
  const download = await downloadEvent;
  // Chromium writes the "?" a file name cannot hold as "_".
  expect(download.suggestedFilename()).toBe(HARD_NAME.replace('?', '_'));
  expect(await readFile((await download.path())!, 'utf8')).toBe('first');

  // Share of an old version: the signed link reads that version.
  await item(v2).getByRole('button', { name: 'Share' }).click();
  const share = page.getByRole('dialog', { name: `Share a version of “${HARD_NAME}”` });
  await expect(share.getByRole('slider')).toBeVisible();
  const field = share.getByRole('textbox', { name: 'Link' });
  await expect(field).toHaveValue(/versionId=/);
  const link = await field.inputValue();
  expect(await (await fetch(link)).text()).toBe('second!');
  await page.screenshot({ path: test.info().outputPath('history-share.png') });
  await share.getByRole('button', { name: 'Close' }).click();

  // Restore v1: copied to be the latest; nothing deleted.
  await item(v1).getByRole('button', { name: 'Restore' }).click();
  await expect(history.getByRole('status')).toContainText('is the latest again');
  await expect(history.getByRole('listitem')).toHaveCount(4);
  expect(await textOf(s3, bucket, HARD)).toBe('first');
  expect((await historyOf(s3, bucket, HARD)).map((v) => v.id)).toEqual(expect.arrayContaining([v1, v2, v3]));
  await page.screenshot({ path: test.info().outputPath('history.png') });

  // Delete v2 for good: the confirm says so; Cancel keeps it.
  await item(v2).getByRole('button', { name: 'Delete this version' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete a version of “${HARD_NAME}” for good?` });
  await expect(confirm).toContainText('deleted permanently');
  await expect(confirm).toContainText(v2);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect((await historyOf(s3, bucket, HARD)).some((v) => v.id === v2)).toBe(true);
  await item(v2).getByRole('button', { name: 'Delete this version' }).click();
  await confirm.getByRole('button', { name: 'Delete this version' }).click();
  await expect(confirm).toBeHidden();
  await expect(history.getByRole('listitem')).toHaveCount(3);
  await expect(item(v2)).toHaveCount(0);
  const left = await historyOf(s3, bucket, HARD);
  expect(left.map((v) => v.id)).not.toContain(v2);
  expect(left).toHaveLength(3);
});

test('history: a version under legal hold shows it, and its delete is refused with the reason', async ({
  connected: page,
  s3,
  baseURL,
}) => {
  const bucket = `e2e-lock-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await createBucketWithCors(s3, bucket, baseURL!, { objectLock: true });
  const key = 'held.txt';
  let held: string | undefined;
  try {
    held = await put(s3, bucket, key, 'keep me');
    await s3.send(
      new PutObjectLegalHoldCommand({
        Bucket: bucket,
        Key: key,
        VersionId: held,
        LegalHold: { Status: 'ON' },
      }),
    );
    await page.goto(`/?bucket=${bucket}`);
    await page.getByRole('button', { name: key, exact: true }).click();
    const history = page
      .getByRole('complementary', { name: 'Object details' })
      .getByRole('region', { name: 'History' });
    await expect(history).toContainText('Object lock is on');
    const item = history.getByRole('listitem', { name: `Version ${held}` });
    await expect(item).toContainText('Legal hold');
    await item.getByRole('button', { name: 'Delete this version' }).click();
    const confirm = page.getByRole('dialog', { name: `Delete a version of “${key}” for good?` });
    await confirm.getByRole('button', { name: 'Delete this version' }).click();
    await expect(confirm.getByRole('alert')).toContainText('cannot be deleted: it is under a legal hold');
    await page.screenshot({ path: test.info().outputPath('history-locked.png') });
    expect((await historyOf(s3, bucket, key)).map((v) => v.id)).toEqual([held]);
  } finally {
    if (held) {
      await s3.send(
        new PutObjectLegalHoldCommand({
          Bucket: bucket,
          Key: key,
          VersionId: held,
          LegalHold: { Status: 'OFF' },
        }),
      );
    }
    await purgeBucket(s3, bucket);
  }
});

const del = (s3: S3Client, bucket: string, key: string) =>
  s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

test('show versions and show deleted: the latest marked, undelete one key, a selection and a folder', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await enableVersioning(s3, bucket);
  // A key with 3 versions and a delete marker on top.
  const key = 'docs/a b+ü.txt';
  for (const body of ['one', 'two!', 'three']) await put(s3, bucket, key, body);
  await del(s3, bucket, key);
  await put(s3, bucket, 'docs/keep.txt', 'kept');
  for (const gone of ['docs/d#%.txt', 'docs/sub/ü x.txt', 'docs/sub/b+c?.txt']) {
    await put(s3, bucket, gone, `body of ${gone}`);
    await del(s3, bucket, gone);
  }

  await page.goto(`/?bucket=${bucket}&prefix=docs/`);
  const show = page.getByRole('combobox', { name: 'Show' });
  await show.selectOption('Every version');
  const versions = page.getByRole('region', { name: 'Versions' });
  // sub/, four entries of the key, two of d#%.txt, one of keep.txt.
  await expect(versions.getByRole('status')).toHaveText('8 versions and folders');
  const keyRows = versions.getByRole('row').filter({ hasText: 'a b+ü.txt' });
  await expect(keyRows).toHaveCount(4);
  await expect(keyRows.nth(0)).toContainText('Delete marker');
  await expect(keyRows.nth(0)).toContainText('Latest');
  await expect(keyRows.filter({ hasText: 'Latest' })).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('show-versions.png') });

  // Its history, although the latest is a delete marker.
  await keyRows.nth(0).getByRole('button', { name: 'History…' }).click();
  const panel = page.getByRole('complementary', { name: 'Object details' });
  await expect(panel).toContainText('This file is deleted');
  await expect(panel.getByRole('region', { name: 'History' }).getByRole('listitem')).toHaveCount(4);
  await panel.getByRole('button', { name: 'Close details' }).click();

  await show.selectOption('Deleted files');
  const deleted = page.getByRole('region', { name: 'Deleted files' });
  await expect(deleted.getByRole('status').first()).toHaveText('4 deleted files in this folder and below');
  await page.screenshot({ path: test.info().outputPath('show-deleted.png') });

  // One key: a job in the jobs panel.
  const jobs = page.getByRole('region', { name: 'Jobs' });
  await deleted.getByRole('button', { name: 'Undelete a b+ü.txt' }).click();
  await expect(jobs.getByRole('listitem').filter({ hasText: 'Undeleted a b+ü.txt' })).toContainText('Done');
  await expect(deleted.getByRole('status').first()).toHaveText('3 deleted files in this folder and below');
  expect(await textOf(s3, bucket, key)).toBe('three');
  expect(await historyOf(s3, bucket, key)).toHaveLength(3);

  // A selection; the server refuses the first try (injected): the failure names each key, Retry failed ends it.
  let refusals = 0;
  const deleteObjects = (url: URL) => url.searchParams.has('delete');
  await page.route(deleteObjects, (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    refusals++;
    return route.fulfill({ status: 503, body: '' });
  });
  await deleted.getByRole('checkbox', { name: 'Select d#%.txt' }).check();
  await deleted.getByRole('checkbox', { name: 'Select sub/ü x.txt' }).check();
  await deleted.getByRole('button', { name: 'Undelete selected (2)' }).click();
  const selection = jobs.getByRole('listitem').filter({ hasText: 'Undeleting 2 files' });
  await expect(selection).toContainText('2 failed');
  const failures = selection.getByRole('list', { name: 'Failures' });
  await expect(failures.getByRole('listitem')).toHaveCount(2);
  await expect(failures).toContainText('d#%.txt:');
  await expect(failures).toContainText('ü x.txt:');
  expect(refusals).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('undelete-failed.png') });
  await page.unroute(deleteObjects);
  await selection.getByRole('button', { name: 'Retry failed' }).click();
  await expect(jobs.getByRole('listitem').filter({ hasText: 'Undeleted 2 files' })).toContainText('Done');
  await expect(deleted.getByRole('status').first()).toHaveText('1 deleted file in this folder and below');
  expect(await textOf(s3, bucket, 'docs/d#%.txt')).toBe('body of docs/d#%.txt');
  expect(await textOf(s3, bucket, 'docs/sub/ü x.txt')).toBe('body of docs/sub/ü x.txt');

  // The rest of the folder.
  await deleted.getByRole('button', { name: 'Undelete all 1' }).click();
  await expect(deleted.getByRole('status').first()).toHaveText('0 deleted files in this folder and below');
  expect(await textOf(s3, bucket, 'docs/sub/b+c?.txt')).toBe('body of docs/sub/b+c?.txt');
  await page.screenshot({ path: test.info().outputPath('undelete-jobs.png') });

  await show.selectOption('Latest objects');
  await expect(page.getByRole('button', { name: 'a b+ü.txt', exact: true })).toBeVisible();
});

test('a folder as of a date: shown as it was, restored with a preview, new keys hidden on request', async ({
  connected: page,
  bucket,
  s3,
}) => {
  await enableVersioning(s3, bucket);
  const before = { 'f/x.txt': 'x then', 'f/y.txt': 'y then', 'f/same.txt': 'same', 'f/sub/z.txt': 'z then' };
  for (const [k, body] of Object.entries(before)) await put(s3, bucket, k, body);
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'f/' }));
  const last = Math.max(...(listed.Versions ?? []).map((v) => v.LastModified!.getTime()));
  // The chosen moment: a whole second after the last write before it (the picker has seconds).
  const chosen = new Date(Math.ceil(last / 1000) * 1000 + 1000);
  await expect.poll(() => Date.now(), { timeout: 5000 }).toBeGreaterThan(chosen.getTime() + 200);
  await put(s3, bucket, 'f/x.txt', 'x now, overwritten');
  await del(s3, bucket, 'f/y.txt');
  await put(s3, bucket, 'f/new ü+.txt', 'created after');
  await put(s3, bucket, 'f/sub/new2.txt', 'created after');

  await page.goto(`/?bucket=${bucket}&prefix=f/`);
  await page.getByRole('combobox', { name: 'Show' }).selectOption('As of a date…');
  const view = page.getByRole('region', { name: 'Folder as of a date' });
  await view.getByLabel('Date and time').fill(toLocalInput(chosen));
  const table = view.getByRole('group', { name: 'This folder as of the chosen time' });
  await expect(view.getByRole('status')).toContainText('4 items as of');
  await expect(table.getByRole('button', { name: 'y.txt' })).toBeVisible();
  await expect(table.getByRole('button', { name: 'new ü+.txt' })).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: 'x.txt' })).toContainText('Older');
  await page.screenshot({ path: test.info().outputPath('as-of.png') });

  await view.getByRole('button', { name: 'Restore folder to this time…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Restore “f\/” to / });
  const preview = dialog.getByRole('list', { name: 'What changes' });
  await expect(preview).toContainText('2 files restored');
  await expect(preview).toContainText('2 files unchanged');
  await expect(preview).toContainText('2 files did not exist then: left as they are.');
  await dialog.getByRole('checkbox', { name: /Hide the 2 files that did not exist then/ }).check();
  await expect(preview).toContainText('each gets a delete marker');
  await page.screenshot({ path: test.info().outputPath('restore-preview.png') });
  await dialog.getByRole('button', { name: 'Restore 4 files' }).click();
  // The dialog closes; the restore is a job in the jobs panel.
  await expect(dialog).toHaveCount(0);
  const job = page
    .getByRole('region', { name: 'Jobs' })
    .getByRole('listitem')
    .filter({ hasText: /^Restored f\/ to / });
  await expect(job).toContainText('Done');
  await expect(job).toContainText('4 of 4 files');
  await expect(job.getByRole('progressbar')).toHaveAttribute('value', '4');
  await page.screenshot({ path: test.info().outputPath('restore-done.png') });
  await job.getByRole('button', { name: 'Close' }).click();
  await expect(job).toHaveCount(0);

  expect(await textOf(s3, bucket, 'f/x.txt')).toBe('x then');
  expect(await textOf(s3, bucket, 'f/y.txt')).toBe('y then');
  expect(await textOf(s3, bucket, 'f/same.txt')).toBe('same');
  // Hidden, not deleted: a delete marker on top, the data below it.
  const hidden = await historyOf(s3, bucket, 'f/new ü+.txt');
  expect(hidden.map((v) => [v.marker, v.latest])).toEqual(
    expect.arrayContaining([
      [true, true],
      [false, false],
    ]),
  );
  expect(await historyOf(s3, bucket, 'f/x.txt')).toHaveLength(3);
});
