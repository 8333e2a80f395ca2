import { readFile } from 'node:fs/promises';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketCorsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { expect, test } from './fixtures';
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
  await page.getByRole('button', { name: HARD_NAME, exact: true }).click();
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
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  const key = 'held.txt';
  let held: string | undefined;
  try {
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [baseURL!],
              AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['ETag'],
            },
          ],
        },
      }),
    );
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
