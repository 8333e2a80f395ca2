import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Locator, Page } from '@playwright/test';
import { connectWithForm, createBucketWithCors, expect, nodeClient, shot, test } from './fixtures';
import { purgeBucket } from './purge';

async function contentsOf(s3: S3Client, bucket: string): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      contents[Key!] = await object.Body!.transformToString();
    }
    token = page.NextContinuationToken;
  } while (token);
  return contents;
}

/** Waits until the jobs panel says the only job is done, then closes it. */
async function finishJob(page: Page, title: string) {
  const panel = page.getByRole('region', { name: 'Jobs' });
  await expect(panel).toContainText(title, { timeout: 30_000 });
  await expect(panel).toContainText('Done');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();
}

const OTHER_LABEL = 'Other user';

/** In the Move/Copy dialog: the other user's connection (`option`), then its bucket. */
async function pickOtherBucket(dialog: Locator, option: string, bucket: string) {
  await dialog.getByRole('combobox', { name: 'Destination connection' }).selectOption({ label: option });
  await dialog
    .getByRole('list', { name: 'Buckets' })
    .getByRole('button', { name: bucket, exact: true })
    .click();
  await expect(dialog.getByText(`${OTHER_LABEL}: ${bucket}/`, { exact: true })).toBeVisible();
}

test('copy a file into a new folder of another saved connection and move a folder, keys unlocked in place', async ({
  page,
  sandbox,
  bucket,
  s3,
  baseURL,
}) => {
  const other = nodeClient(sandbox, sandbox.other);
  const option = `${OTHER_LABEL} (${sandbox.other.accessKey})`;
  const otherBucket = `e2e-other-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await createBucketWithCors(other, otherBucket, baseURL!);
  try {
    const hard = 'sp ace+%#?&ü 😀.txt';
    const newFolder = 'reports #ü/';
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: hard,
        Body: 'hard key body',
        ContentType: 'text/x-hard',
        Metadata: { origin: 'main-user' },
        Tagging: 'kind=report',
      }),
    );
    const folder: Record<string, string> = {
      'dír #1/': '',
      'dír #1/x+y.txt': 'X',
      'dír #1/sub/ü ?.bin': 'Y'.repeat(1000),
    };
    for (const [Key, Body] of Object.entries(folder))
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key, Body, ContentLength: Buffer.byteLength(Body) }),
      );

    // The other user's connection is saved on this device with its keys sealed by a passphrase.
    await page.goto('/');
    await page.getByLabel('Endpoint').fill(sandbox.endpoint);
    await page.getByLabel('Access key').fill(sandbox.other.accessKey);
    await page.getByLabel('Secret key').fill(sandbox.other.secretKey);
    await page.getByLabel('Label (optional)').fill(OTHER_LABEL);
    await page.getByLabel(/Remember the keys on this device/).check();
    await page.getByLabel(/^Passphrase/).fill('other user passphrase');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
    await expect.poll(() => page.evaluate(() => JSON.stringify(localStorage))).toContain('s3fm.vault.');
    await page.getByRole('button', { name: 'Disconnect' }).click();

    await connectWithForm(page, sandbox);
    await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
    await page.goto(`/?bucket=${bucket}`);

    // Copy the file: the other connection asks for its passphrase in the dialog.
    await page.getByRole('checkbox', { name: `Select ${hard}` }).click();
    await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Copy to…' }).click();
    const copyDialog = page.getByRole('dialog', { name: `Copy “${hard}”` });
    await copyDialog
      .getByRole('combobox', { name: 'Destination connection' })
      .selectOption({ label: option });
    await copyDialog.getByLabel(`Passphrase for ${OTHER_LABEL}`).fill('wrong passphrase');
    await copyDialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(copyDialog.getByRole('alert')).toContainText('does not unlock');
    await shot(page, 'cross-connection-unlock');
    await copyDialog.getByLabel(`Passphrase for ${OTHER_LABEL}`).fill('other user passphrase');
    await copyDialog.getByRole('button', { name: 'Unlock' }).click();
    await pickOtherBucket(copyDialog, option, otherBucket);
    await expect(copyDialog.getByRole('note')).toContainText('other permissions are the destination');
    // A folder that does not exist yet in the other connection: made from the picker, then the destination.
    await copyDialog.getByRole('button', { name: 'New folder' }).click();
    await copyDialog.getByRole('textbox', { name: 'New folder name' }).fill(newFolder.slice(0, -1));
    await copyDialog.getByRole('button', { name: 'Create folder' }).click();
    await expect(copyDialog.getByRole('textbox', { name: 'New folder name' })).toBeHidden();
    await expect(
      copyDialog.getByText(`${OTHER_LABEL}: ${otherBucket}/${newFolder}`, { exact: true }),
    ).toBeVisible();
    await shot(page, 'cross-connection-dialog');
    await copyDialog.getByRole('button', { name: 'Copy here' }).click();
    await finishJob(page, `Copied ${hard} to ${OTHER_LABEL}: ${otherBucket}/${newFolder}`);

    // Move the folder: the connection is open already, no passphrase asked again.
    await page.getByRole('checkbox', { name: 'Select dír #1/' }).click();
    await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Move to…' }).click();
    const moveDialog = page.getByRole('dialog', { name: 'Move “dír #1/”' });
    await pickOtherBucket(moveDialog, option, otherBucket);
    await moveDialog.getByRole('button', { name: 'Move here' }).click();
    await finishJob(page, `Moved dír #1/ to ${OTHER_LABEL}: ${otherBucket}/`);
    await shot(page, 'cross-connection-moved');

    // From Node, as each user: every key is where it must be, with its bytes.
    expect(await contentsOf(other, otherBucket)).toEqual({
      [newFolder]: '',
      [`${newFolder}${hard}`]: 'hard key body',
      ...folder,
    });
    expect(await contentsOf(s3, bucket)).toEqual({ [hard]: 'hard key body' });
    const copied = await other.send(
      new HeadObjectCommand({ Bucket: otherBucket, Key: `${newFolder}${hard}` }),
    );
    expect(copied.ContentType).toBe('text/x-hard');
    expect(copied.Metadata).toEqual({ origin: 'main-user' });
    const tags = await other.send(
      new GetObjectTaggingCommand({ Bucket: otherBucket, Key: `${newFolder}${hard}` }),
    );
    expect(tags.TagSet).toEqual([{ Key: 'kind', Value: 'report' }]);
  } finally {
    await purgeBucket(other, otherBucket);
  }
});
