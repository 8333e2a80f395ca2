import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ viewport: { width: 1280, height: 1100 } });

const versioningOf = async (s3: S3Client, bucket: string) =>
  (await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status;

async function lifecycleOf(s3: S3Client, bucket: string) {
  try {
    return (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchLifecycleConfiguration') return [];
    throw error;
  }
}

async function openDetails(page: Page, bucket: string) {
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('button', { name: `Details of ${bucket}` }).click();
  return page.getByRole('dialog', { name: `Bucket “${bucket}”` });
}

const rowOf = (page: Page, bucket: string) =>
  page.getByRole('row').filter({ has: page.getByRole('link', { name: bucket, exact: true }) });

test('versioning: shown in the bucket table and details, switched on, suspended after a confirm', async ({
  connected: page,
  bucket,
  s3,
}) => {
  const dialog = await openDetails(page, bucket);
  const versioning = dialog.locator('dt:text-is("Versioning") + dd');
  await expect(versioning).toContainText('Off. An overwrite or delete replaces the object for good');
  await dialog.getByRole('button', { name: 'Turn on versioning' }).click();
  await expect(versioning).toContainText('On. Every overwrite and delete keeps the previous version');
  expect(await versioningOf(s3, bucket)).toBe('Enabled');

  await dialog.getByRole('button', { name: 'Suspend versioning' }).click();
  const confirm = page.getByRole('dialog', { name: `Suspend versioning of “${bucket}”?` });
  await expect(confirm).toContainText('Versions kept so far stay');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect(await versioningOf(s3, bucket)).toBe('Enabled');
  await dialog.getByRole('button', { name: 'Suspend versioning' }).click();
  await confirm.getByRole('button', { name: 'Suspend versioning' }).click();
  await expect(versioning).toContainText('Suspended. Versions kept so far stay');
  expect(await versioningOf(s3, bucket)).toBe('Suspended');
  await page.screenshot({ path: test.info().outputPath('versioning-details.png') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(rowOf(page, bucket).getByRole('cell').nth(2)).toHaveText('Suspended');
});

test('lifecycle: a rule from each template, shown in words and JSON, one removed', async ({
  connected: page,
  bucket,
  s3,
}) => {
  const dialog = await openDetails(page, bucket);
  const rules = dialog.getByRole('region', { name: 'Lifecycle rules' });
  await expect(rules).toContainText('None: nothing expires');
  const form = rules.getByRole('form', { name: 'Add a lifecycle rule' });
  const template = form.getByRole('combobox', { name: 'Template' });
  const add = form.getByRole('button', { name: 'Add rule' });

  // Noncurrent versions: data goes for good, so a confirm names it.
  await form.getByRole('spinbutton', { name: 'Days' }).fill('30');
  await add.click();
  const confirm = page.getByRole('dialog', { name: 'Add a rule that deletes data?' });
  await expect(confirm).toContainText(
    'Every older (noncurrent) version in the whole bucket will be deleted for good 30 days',
  );
  await confirm.getByRole('button', { name: 'Add rule' }).click();
  await expect(rules.getByRole('listitem')).toHaveText([
    /noncurrent-30d: Whole bucket: noncurrent versions are deleted for good 30 days after they are replaced\./,
  ]);

  // Unfinished multipart uploads: no data of anyone's goes, no confirm.
  await template.selectOption({ label: 'Abort unfinished multipart uploads after N days' });
  await form.getByRole('spinbutton', { name: 'Days' }).fill('0');
  await expect(form).toContainText('days must be a whole number of at least 1');
  await expect(add).toBeDisabled();
  await form.getByRole('spinbutton', { name: 'Days' }).fill('7');
  await add.click();
  await expect(rules.getByRole('listitem')).toHaveCount(2);

  // Expire a prefix: the prefix is required, then a confirm names what goes.
  await template.selectOption({ label: 'Expire objects under a prefix after N days' });
  await form.getByRole('spinbutton', { name: 'Days' }).fill('90');
  await expect(form).toContainText('Type the prefix');
  await form.getByRole('textbox', { name: 'Prefix' }).fill('logs/ tmp/');
  await form.getByRole('textbox', { name: 'Rule ID' }).fill('old-logs');
  await add.click();
  await expect(confirm).toContainText('Every object under “logs/ tmp/” will expire 90 days');
  await confirm.getByRole('button', { name: 'Add rule' }).click();
  await expect(rules.getByRole('listitem')).toHaveCount(3);
  await expect(rules).toContainText(
    'old-logs: Under “logs/ tmp/”: objects expire 90 days after they are written.',
  );

  const stored = await lifecycleOf(s3, bucket);
  expect(stored.map((r) => r.ID)).toEqual(['abort-multipart-7d', 'noncurrent-30d', 'old-logs']);
  expect(stored.find((r) => r.ID === 'old-logs')?.Expiration?.Days).toBe(90);
  expect(stored.find((r) => r.ID === 'abort-multipart-7d')?.AbortIncompleteMultipartUpload).toEqual({
    DaysAfterInitiation: 7,
  });
  expect(JSON.stringify(stored)).not.toContain('ObjectSize');

  await rules.getByText('Raw JSON').click();
  await expect(rules.locator('pre')).toContainText('"NoncurrentDays": 30');
  await page.screenshot({ path: test.info().outputPath('lifecycle-details.png'), fullPage: true });

  await rules.getByRole('button', { name: 'Remove rule noncurrent-30d' }).click();
  await page
    .getByRole('dialog', { name: 'Remove rule “noncurrent-30d”?' })
    .getByRole('button', { name: 'Remove rule' })
    .click();
  await expect(rules.getByRole('listitem')).toHaveCount(2);
  expect((await lifecycleOf(s3, bucket)).map((r) => r.ID)).toEqual(['abort-multipart-7d', 'old-logs']);
});
