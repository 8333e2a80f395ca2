import {
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Locator, Page } from '@playwright/test';
import {
  connectWithForm,
  createBucketWithCors,
  expect,
  focusRow,
  nodeClient,
  rowOf,
  shot,
  test as base,
  type Sandbox,
} from './fixtures';
import { audit } from './axe';
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
const PASSPHRASE = 'other user passphrase';

/** Connects as the sandbox's other user, saved on this device with its keys sealed by PASSPHRASE. */
async function connectOtherSealed(page: Page, sandbox: Sandbox) {
  await page.goto('/');
  await page.getByLabel('Endpoint').fill(sandbox.endpoint);
  await page.getByLabel('Access key').fill(sandbox.other.accessKey);
  await page.getByLabel('Secret key').fill(sandbox.other.secretKey);
  await page.getByLabel('Label (optional)').fill(OTHER_LABEL);
  await page.getByLabel(/Remember the keys on this device/).check();
  await page.getByLabel(/^Passphrase/).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => JSON.stringify(localStorage))).toContain('s3fm.vault.');
}

/** The sandbox's other user from Node (`other`), and a bucket of theirs with a CORS rule for the app, emptied after. */
const test = base.extend<{ other: S3Client; otherBucket: string }>({
  other: async ({ sandbox }, use) => use(nodeClient(sandbox, sandbox.other)),
  otherBucket: async ({ other, baseURL }, use) => {
    const name = `e2e-other-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    await createBucketWithCors(other, name, baseURL!);
    try {
      await use(name);
    } finally {
      await purgeBucket(other, name);
    }
  },
});

async function put(s3: S3Client, Bucket: string, objects: Record<string, string>) {
  for (const [Key, Body] of Object.entries(objects))
    await s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentLength: Buffer.byteLength(Body) }));
}

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
  other,
  otherBucket,
}) => {
  const option = `${OTHER_LABEL} (${sandbox.other.accessKey})`;
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
  await put(s3, bucket, folder);

  // The other user's connection is saved on this device with its keys sealed by a passphrase.
  await connectOtherSealed(page, sandbox);
  await page.getByRole('button', { name: 'Disconnect' }).click();

  await connectWithForm(page, sandbox);
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.goto(`/?bucket=${bucket}`);

  // Copy the file: the other connection asks for its passphrase in the dialog.
  await page.getByRole('checkbox', { name: `Select ${hard}` }).click();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Copy to…' }).click();
  const copyDialog = page.getByRole('dialog', { name: `Copy “${hard}”` });
  await copyDialog.getByRole('combobox', { name: 'Destination connection' }).selectOption({ label: option });
  await copyDialog.getByLabel(`Passphrase for ${OTHER_LABEL}`).fill('wrong passphrase');
  await copyDialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(copyDialog.getByRole('alert')).toContainText('does not unlock');
  await shot(page, 'cross-connection-unlock');
  await copyDialog.getByLabel(`Passphrase for ${OTHER_LABEL}`).fill(PASSPHRASE);
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
  const copied = await other.send(new HeadObjectCommand({ Bucket: otherBucket, Key: `${newFolder}${hard}` }));
  expect(copied.ContentType).toBe('text/x-hard');
  expect(copied.Metadata).toEqual({ origin: 'main-user' });
  const tags = await other.send(
    new GetObjectTaggingCommand({ Bucket: otherBucket, Key: `${newFolder}${hard}` }),
  );
  expect(tags.TagSet).toEqual([{ Key: 'kind', Value: 'report' }]);
});

test('copy in one connection, paste in another: it says what it will do and asks the passphrase in place', async ({
  page,
  sandbox,
  bucket,
  s3,
  other,
  otherBucket,
}) => {
  const hard = 'sp ace+%#?&ü 😀.txt';
  const from = 'in #1 ü/';
  await other.send(
    new PutObjectCommand({
      Bucket: otherBucket,
      Key: `${from}${hard}`,
      Body: 'hard key body',
      ContentType: 'text/x-hard',
      Metadata: { origin: 'other-user' },
    }),
  );
  await put(s3, bucket, { 'dest/': '', 'dest/here.txt': 'here' });

  // Copied with the keyboard while connected as the other user.
  await connectOtherSealed(page, sandbox);
  await page.goto(`/?bucket=${otherBucket}&prefix=${encodeURIComponent(from)}`);
  await focusRow(page, hard);
  await page.keyboard.press('ControlOrMeta+c');
  const clipboard = page.getByRole('status', { name: 'Clipboard' });
  await expect(clipboard).toContainText(`${hard} copied from ${otherBucket}/${from}`);
  const stored = await page.evaluate(() => localStorage.getItem('s3fm.clipboard'));
  expect(stored).toContain(OTHER_LABEL);
  expect(stored).not.toContain(sandbox.other.secretKey);

  // Another connection in the same tab: the clipboard is still there, and names where it came from.
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await connectWithForm(page, sandbox);
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.goto(`/?bucket=${bucket}&prefix=dest%2F`);
  await expect(clipboard).toContainText(`${hard} copied from ${OTHER_LABEL}: ${otherBucket}/${from}`);
  await focusRow(page, 'here.txt');
  await page.keyboard.press('ControlOrMeta+v');

  // The paste says what it will do; the other connection's keys are opened in place, with its passphrase.
  const dialog = page.getByRole('dialog', { name: `Paste “${hard}”` });
  await expect(dialog).toContainText(`Copy ${hard} from ${OTHER_LABEL}: ${otherBucket}/${from} to `);
  await expect(dialog).toContainText(`${bucket}/dest/.`);
  await expect(dialog.getByRole('button', { name: 'Paste here' })).toBeDisabled();
  await dialog.getByLabel(`Passphrase for ${OTHER_LABEL}`).fill('wrong passphrase');
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(dialog.getByRole('alert')).toContainText('does not unlock');
  await audit(page, 'paste-passphrase');
  await dialog.getByLabel(`Passphrase for ${OTHER_LABEL}`).fill(PASSPHRASE);
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(dialog.getByRole('button', { name: 'Paste here' })).toBeFocused();
  await expect(dialog.getByRole('note')).toContainText('The bytes go through this page');
  await shot(page, 'paste-confirm');
  await page.keyboard.press('Enter');
  await finishJob(page, `Copied ${hard} from ${OTHER_LABEL} to ${bucket}/dest/`);
  await expect(page.getByRole('button', { name: hard, exact: true })).toBeVisible();

  // From Node, as each user: the copy is here with its bytes and headers, the source is still there.
  expect(await contentsOf(s3, bucket)).toEqual({
    'dest/': '',
    'dest/here.txt': 'here',
    [`dest/${hard}`]: 'hard key body',
  });
  expect(await contentsOf(other, otherBucket)).toEqual({ [`${from}${hard}`]: 'hard key body' });
  const copied = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `dest/${hard}` }));
  expect(copied.ContentType).toBe('text/x-hard');
  expect(copied.Metadata).toEqual({ origin: 'other-user' });

  // A copy stays on the clipboard. Once its connection is forgotten on this device, a paste says so.
  await expect(clipboard).toBeVisible();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('button', { name: `Forget ${OTHER_LABEL}` }).click();
  await connectWithForm(page, sandbox);
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.goto(`/?bucket=${bucket}`);
  await clipboard.getByRole('button', { name: 'Paste here' }).click();
  const gone = page.getByRole('dialog', { name: `Paste “${hard}”` });
  await expect(gone.getByRole('alert')).toContainText(`${OTHER_LABEL} is no longer saved on this device`);
  await shot(page, 'paste-connection-gone');
  await gone.getByRole('button', { name: 'Clear clipboard' }).click();
  await expect(gone).toBeHidden();
  await expect(clipboard).toBeHidden();
});

test('cut in one tab, paste in another tab of another connection: each source goes only once its copy is there', async ({
  page,
  context,
  sandbox,
  bucket,
  s3,
  other,
  otherBucket,
}) => {
  const items = {
    'dír #2/': '',
    'dír #2/x+y.txt': 'X',
    'dír #2/sub/ü ?.bin': 'Y'.repeat(1000),
    'q?#%.txt': 'Q',
  };
  await put(other, otherBucket, { ...items, 'stays.txt': 'S' });
  await put(s3, bucket, { 'here.txt': 'here' });

  // Tab A, the other user: cut a folder and a file (the row menu takes the selection).
  const tabA = page;
  await connectOtherSealed(tabA, sandbox);
  await tabA.goto(`/?bucket=${otherBucket}`);
  await tabA.getByRole('checkbox', { name: 'Select dír #2/' }).click();
  await tabA.getByRole('checkbox', { name: 'Select q?#%.txt' }).click();
  await rowOf(tabA, 'q?#%.txt').locator('td.col-size').click({ button: 'right' });
  await tabA.getByRole('menuitem', { name: /^Cut/ }).click();
  await expect(tabA.getByRole('status', { name: 'Clipboard' })).toContainText(
    `2 items cut from ${otherBucket}/`,
  );

  // Tab B, the main user: sees the clipboard of tab A.
  const tabB = await context.newPage();
  await connectWithForm(tabB, sandbox);
  await expect(tabB.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await tabB.goto(`/?bucket=${bucket}`);
  const clipboardB = tabB.getByRole('status', { name: 'Clipboard' });
  await expect(clipboardB).toContainText(`2 items cut from ${OTHER_LABEL}: ${otherBucket}/`);

  // The sources' delete is held until Node has seen every copy in place.
  let deleteSeen: () => void = () => {};
  const deleting = new Promise<void>((resolve) => (deleteSeen = resolve));
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await tabB.route(
    (url) => url.searchParams.has('delete'),
    async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      deleteSeen();
      await released;
      return route.continue();
    },
  );

  await clipboardB.getByRole('button', { name: 'Paste here' }).click();
  const dialog = tabB.getByRole('dialog', { name: 'Paste 2 items' });
  await expect(dialog).toContainText(`Move 2 items from ${OTHER_LABEL}: ${otherBucket}/ to `);
  await expect(dialog).toContainText('deleted from Other user only after its copy here is read back');
  await dialog.getByLabel(`Passphrase for ${OTHER_LABEL}`).fill(PASSPHRASE);
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await dialog.getByRole('button', { name: 'Paste here' }).click();

  await deleting;
  expect(await contentsOf(s3, bucket)).toEqual({ 'here.txt': 'here', ...items });
  expect(await contentsOf(other, otherBucket)).toEqual({ ...items, 'stays.txt': 'S' });
  // A cut is pasted once: gone from the clipboard of both tabs.
  await expect(clipboardB).toBeHidden();
  await expect(tabA.getByRole('status', { name: 'Clipboard' })).toBeHidden();
  release();

  await finishJob(tabB, `Moved 2 items from ${OTHER_LABEL} to ${bucket}/`);
  expect(await contentsOf(other, otherBucket)).toEqual({ 'stays.txt': 'S' });
  expect(await contentsOf(s3, bucket)).toEqual({ 'here.txt': 'here', ...items });
  await expect(tabB.getByRole('link', { name: 'dír #2/', exact: true })).toBeVisible();
  // Tab A's listing hears of the move and drops what left.
  await expect(tabA.getByRole('button', { name: 'q?#%.txt', exact: true })).toBeHidden();
  await expect(tabA.getByRole('button', { name: 'stays.txt', exact: true })).toBeVisible();
});
