import {
  GetObjectAclCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectAclCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Page } from '@playwright/test';
import {
  connectWithForm,
  createBucketWithCors,
  expect,
  focusRow,
  keysOf,
  rowOf,
  shot,
  test,
} from './fixtures';
import { purgeBucket } from './purge';

async function bodyOf(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

/** Selects the rows and presses the selection bar's Move to… or Copy to…. */
async function openMoveCopy(page: Page, button: 'Move to…' | 'Copy to…', names: string[]) {
  for (const name of names) await page.getByRole('checkbox', { name: `Select ${name}` }).click();
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: button }).click();
}

const jobs = (page: Page) => page.getByRole('region', { name: 'Jobs' });

/** Waits until the jobs panel says the only job is done, then closes it. */
async function finishJob(page: Page, title: string) {
  const panel = jobs(page);
  await expect(panel).toContainText(title, { timeout: 30_000 });
  await expect(panel).toContainText('Done');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();
}

test('rename a file with F2 and with the row action, and a folder with every key under it', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  const hard = 'sp ace+%#?&ü 😀.txt';
  await seed({
    'a.txt': 'A',
    [hard]: 'H',
    'dír #1/x+y.txt': 'X',
    'dír #1/sub/ü ?.bin': 'Y',
    'dír #1/': '',
  });
  await page.goto(`/?bucket=${bucket}`);

  // F2: the field selects the name up to its extension, so typing replaces the stem only.
  await focusRow(page, 'a.txt');
  await page.keyboard.press('F2');
  const field = page.getByRole('textbox', { name: 'New name for a.txt' });
  await expect(field).toBeFocused();
  await shot(page, 'rename-inline');
  await page.keyboard.type('renamed');
  await page.keyboard.press('Enter');
  await finishJob(page, 'Renamed a.txt to renamed.txt');
  await expect(page.getByRole('button', { name: 'renamed.txt', exact: true })).toBeVisible();

  // Escape cancels.
  await page.getByRole('button', { name: `Rename ${hard}` }).click();
  await page.getByRole('textbox', { name: `New name for ${hard}` }).press('Escape');
  await expect(page.getByRole('textbox', { name: `New name for ${hard}` })).toBeHidden();

  await page.getByRole('button', { name: `Rename ${hard}` }).click();
  await page.getByRole('textbox', { name: `New name for ${hard}` }).fill('new name+%#?&é.txt');
  await page.keyboard.press('Enter');
  await finishJob(page, `Renamed ${hard} to new name+%#?&é.txt`);

  await page.getByRole('button', { name: 'Rename dír #1/' }).click();
  await page.getByRole('textbox', { name: 'New name for dír #1/' }).fill('dir ü 2');
  await page.keyboard.press('Enter');
  await finishJob(page, 'Renamed dír #1/ to dir ü 2/');
  await expect(page.getByRole('link', { name: 'dir ü 2/', exact: true })).toBeVisible();

  // Onto an existing name: the conflict question, never a silent overwrite.
  await page.getByRole('button', { name: 'Rename renamed.txt' }).click();
  await page.getByRole('textbox', { name: 'New name for renamed.txt' }).fill('new name+%#?&é.txt');
  await page.keyboard.press('Enter');
  const conflict = page.getByRole('dialog', { name: '“new name+%#?&é.txt” already exists' });
  await conflict.getByRole('button', { name: 'Skip' }).click();
  await expect(jobs(page)).toContainText('Done, 1 skipped');
  await jobs(page).getByRole('button', { name: 'Close' }).click();

  expect(await keysOf(s3, bucket)).toEqual(
    ['dir ü 2/', 'dir ü 2/sub/ü ?.bin', 'dir ü 2/x+y.txt', 'new name+%#?&é.txt', 'renamed.txt'].sort(),
  );
  expect(await bodyOf(s3, bucket, 'renamed.txt')).toBe('A');
  expect(await bodyOf(s3, bucket, 'new name+%#?&é.txt')).toBe('H');
  expect(await bodyOf(s3, bucket, 'dir ü 2/sub/ü ?.bin')).toBe('Y');
});

test('Move to… another folder and another bucket, Copy to…, and a folder into itself is refused', async ({
  connected: page,
  bucket,
  seed,
  s3,
  baseURL,
}) => {
  const other = `${bucket}-b`;
  await createBucketWithCors(s3, other, baseURL!);
  try {
    await seed({ 'one.txt': '1', 'two #.txt': '2', 'photos/2024/': '', 'docs/d.txt': 'd' });
    await page.goto(`/?bucket=${bucket}`);

    await openMoveCopy(page, 'Move to…', ['one.txt', 'two #.txt']);
    const dialog = page.getByRole('dialog', { name: 'Move 2 items' });
    // It opens on the items' own folder: said quietly, not as an error.
    await expect(dialog).toContainText('They are already in this folder. Pick another folder.');
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: 'Move here' })).toBeDisabled();
    await dialog.getByRole('button', { name: 'photos/', exact: true }).click();
    await dialog.getByRole('button', { name: '2024/', exact: true }).click();
    await expect(dialog).toContainText(`Destination: ${bucket}/photos/2024/`);
    await shot(page, 'move-dialog');
    await dialog.getByRole('button', { name: 'Move here' }).click();
    await finishJob(page, 'Moved 2 items to photos/2024/');
    expect(await keysOf(s3, bucket)).toEqual(
      ['docs/d.txt', 'photos/2024/', 'photos/2024/one.txt', 'photos/2024/two #.txt'].sort(),
    );

    // A folder cannot go inside itself: the engine's message, before anything starts.
    await openMoveCopy(page, 'Move to…', ['docs/']);
    const folderDialog = page.getByRole('dialog', { name: 'Move “docs/”' });
    await folderDialog.getByRole('button', { name: 'docs/', exact: true }).click();
    await expect(folderDialog.getByRole('alert')).toContainText('cannot go inside itself');
    await expect(folderDialog.getByRole('button', { name: 'Move here' })).toBeDisabled();

    // Into the other bucket, through the picker's bucket list.
    await folderDialog.getByRole('button', { name: 'All buckets' }).click();
    await folderDialog.getByRole('button', { name: other, exact: true }).click();
    await expect(folderDialog).toContainText(`Destination: ${other}/`);
    await folderDialog.getByRole('button', { name: 'Move here' }).click();
    await finishJob(page, `Moved docs/ to ${other}/`);
    expect(await keysOf(s3, other)).toEqual(['docs/d.txt']);
    expect(await keysOf(s3, bucket)).not.toContain('docs/d.txt');

    // Copy to…: the source stays.
    await page.getByRole('link', { name: 'photos/', exact: true }).click();
    await page.getByRole('link', { name: '2024/', exact: true }).click();
    await openMoveCopy(page, 'Copy to…', ['one.txt']);
    const copyDialog = page.getByRole('dialog', { name: 'Copy “one.txt”' });
    await copyDialog.getByRole('button', { name: bucket, exact: true }).click();
    await copyDialog.getByRole('button', { name: 'Copy here' }).click();
    await finishJob(page, 'Copied one.txt to the top of');
    expect(await bodyOf(s3, bucket, 'one.txt')).toBe('1');
    expect(await bodyOf(s3, bucket, 'photos/2024/one.txt')).toBe('1');

    // Into a folder made in the picker.
    await openMoveCopy(page, 'Copy to…', ['two #.txt']);
    const newFolderDialog = page.getByRole('dialog', { name: 'Copy “two #.txt”' });
    await newFolderDialog.getByRole('button', { name: 'New folder' }).click();
    await newFolderDialog.getByRole('textbox', { name: 'New folder name' }).fill('fresh ü');
    await newFolderDialog.getByRole('button', { name: 'Create folder' }).click();
    await expect(newFolderDialog).toContainText(`Destination: ${bucket}/photos/2024/fresh ü/`);
    await newFolderDialog.getByRole('button', { name: 'Copy here' }).click();
    await finishJob(page, 'Copied two #.txt to photos/2024/fresh ü/');
    expect(await bodyOf(s3, bucket, 'photos/2024/fresh ü/two #.txt')).toBe('2');
  } finally {
    await purgeBucket(s3, other);
  }
});

test('Direct mode: a folder of hard keys moves from the page straight to the endpoint, a public file stays public; a key with a ".." part, at either end, is refused by name', async ({
  page,
  sandbox,
  bucket,
  seed,
  s3,
}) => {
  const hard = ['sp ace+%#?&ü.txt', 'dir//double.txt', '/lead.txt'];
  // A browser rewrites "." and ".." parts of a URL: only the relay reaches these keys.
  const dots = ['up/../dot.txt', './here.txt'];
  await seed({ ...Object.fromEntries([...hard, ...dots].map((key) => [`src/${key}`, key])), 'dst/': '' });
  await s3.send(new PutObjectAclCommand({ Bucket: bucket, Key: `src/${hard[0]}`, ACL: 'public-read' }));
  const relayed: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/_relay/') && path !== '/_relay/config') relayed.push(path);
  });
  await connectWithForm(page, sandbox, { transport: 'direct' });
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.goto(`/?bucket=${bucket}`);
  await openMoveCopy(page, 'Move to…', ['src/']);
  const dialog = page.getByRole('dialog', { name: 'Move “src/”' });
  await dialog.getByRole('button', { name: 'dst/', exact: true }).click();
  await dialog.getByRole('button', { name: 'Move here' }).click();

  const panel = jobs(page);
  await expect(panel).toContainText('2 failed', { timeout: 30_000 });
  await expect(panel).toContainText('3 of 5 items');
  const failures = panel.getByRole('list', { name: 'Failures' });
  await expect(failures).toContainText(
    '"dot.txt" cannot be written from this page: its key "dst/src/up/../dot.txt" has a "." or ".." part',
  );
  await expect(failures).toContainText('"here.txt" cannot be written from this page');
  await expect(panel).toContainText('Connect in Auto or Relay mode');
  await shot(page, 'jobs-dot-segment');
  // Retrying would only refuse again.
  await expect(panel.getByRole('button', { name: 'Retry failed' })).toBeHidden();

  expect(await keysOf(s3, bucket)).toEqual(
    ['dst/', ...hard.map((key) => `dst/src/${key}`), ...dots.map((key) => `src/${key}`)].sort(),
  );
  for (const key of hard) expect(await bodyOf(s3, bucket, `dst/src/${key}`)).toBe(key);
  const acl = await s3.send(new GetObjectAclCommand({ Bucket: bucket, Key: `dst/src/${hard[0]}` }));
  expect((acl.Grants ?? []).some((grant) => grant.Grantee?.URI?.endsWith('/AllUsers'))).toBe(true);

  // Such a source going to a plain key cannot be reached either (its ACL read, its delete): refused by name.
  await panel.getByRole('button', { name: 'Close' }).click();
  await page.goto(`/?bucket=${bucket}&prefix=${encodeURIComponent('src/up/../')}`);
  await openMoveCopy(page, 'Move to…', ['dot.txt']);
  const second = page.getByRole('dialog', { name: 'Move “dot.txt”' });
  await second
    .getByRole('navigation', { name: 'Destination folder' })
    .getByRole('button', { name: bucket, exact: true })
    .click();
  await second.getByRole('button', { name: 'dst/', exact: true }).click();
  await second.getByRole('button', { name: 'Move here' }).click();
  await expect(panel.getByRole('list', { name: 'Failures' })).toContainText(
    '"dot.txt" cannot be read from this page: its key "src/up/../dot.txt" has a "." or ".." part',
  );
  expect(await keysOf(s3, bucket)).toContain('src/up/../dot.txt');
  expect(await keysOf(s3, bucket)).not.toContain('dst/dot.txt');
  expect(relayed).toEqual([]);
});

test('a copy onto an existing name asks; Keep both writes “name (1).ext” and leaves the original', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'report.pdf': 'new', 'archive/report.pdf': 'old' });
  await page.goto(`/?bucket=${bucket}`);
  await openMoveCopy(page, 'Copy to…', ['report.pdf']);
  const dialog = page.getByRole('dialog', { name: 'Copy “report.pdf”' });
  await dialog.getByRole('button', { name: 'archive/', exact: true }).click();
  await dialog.getByRole('button', { name: 'Copy here' }).click();
  const conflict = page.getByRole('dialog', { name: '“report.pdf” already exists' });
  await expect(conflict).toContainText(`${bucket}/archive/`);
  await shot(page, 'conflict');
  await conflict.getByRole('button', { name: 'Keep both' }).click();
  await finishJob(page, 'Copied report.pdf to archive/');
  expect(await keysOf(s3, bucket)).toEqual(['archive/report (1).pdf', 'archive/report.pdf', 'report.pdf']);
  expect(await bodyOf(s3, bucket, 'archive/report.pdf')).toBe('old');
  expect(await bodyOf(s3, bucket, 'archive/report (1).pdf')).toBe('new');
});

test('the answer to a conflict can be given for the remaining ones: Keep both for all three', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({
    'a.txt': 'a',
    'b+ü.txt': 'b',
    'c #.txt': 'c',
    'in/a.txt': 'A',
    'in/b+ü.txt': 'B',
    'in/c #.txt': 'C',
  });
  await page.goto(`/?bucket=${bucket}`);
  await openMoveCopy(page, 'Copy to…', ['a.txt', 'b+ü.txt', 'c #.txt']);
  const dialog = page.getByRole('dialog', { name: 'Copy 3 items' });
  await dialog.getByRole('button', { name: 'in/', exact: true }).click();
  await dialog.getByRole('button', { name: 'Copy here' }).click();
  const conflict = page.getByRole('dialog', { name: '“a.txt” already exists' });
  await conflict.getByRole('checkbox', { name: 'Do this for the remaining 2 conflicts' }).check();
  await shot(page, 'conflict-for-all');
  await conflict.getByRole('button', { name: 'Keep both' }).click();
  await finishJob(page, 'Copied 3 items to in/');
  expect(await keysOf(s3, bucket)).toEqual(
    ['a.txt', 'b+ü.txt', 'c #.txt']
      .flatMap((name) => [name, `in/${name}`, `in/${name.replace('.txt', ' (1).txt')}`])
      .sort(),
  );
  expect(await bodyOf(s3, bucket, 'in/b+ü.txt')).toBe('B');
  expect(await bodyOf(s3, bucket, 'in/b+ü (1).txt')).toBe('b');
});

test('a new name that would make the key over 1024 bytes is refused before any request, naming the file', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'deep/b ü.txt': 'b' });
  await page.goto(`/?bucket=${bucket}&prefix=deep%2F`);
  await page.getByRole('button', { name: 'Rename b ü.txt' }).click();
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'GET') sent.push(`${request.method()} ${request.url()}`);
  });
  await page.getByRole('textbox', { name: 'New name for b ü.txt' }).fill(`${'n'.repeat(1030)}.txt`);
  await page.keyboard.press('Enter');
  const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was moved or copied' });
  await expect(refusal).toContainText(
    '"b ü.txt" cannot have that name: its key would be 1039 bytes; S3 allows 1024.',
  );
  await expect(refusal).toContainText('Type a shorter name.');
  await shot(page, 'rename-too-long');
  await expect(jobs(page)).toBeHidden();
  expect(sent).toEqual([]);
  expect(await keysOf(s3, bucket)).toEqual(['deep/b ü.txt']);
});

test('drag rows onto a folder moves them; with Ctrl or Alt held it copies; a breadcrumb takes drops', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'a.txt': 'a', 'b ü.txt': 'b', 'c.txt': 'c', 'target/': '', 'up/inner/deep.txt': 'deep' });
  await page.goto(`/?bucket=${bucket}`);
  await rowOf(page, 'a.txt').dragTo(rowOf(page, 'target/'));
  await finishJob(page, 'Moved a.txt to target/');
  expect(await keysOf(s3, bucket)).toEqual([
    'b ü.txt',
    'c.txt',
    'target/',
    'target/a.txt',
    'up/inner/deep.txt',
  ]);

  await page.keyboard.down('Control');
  await rowOf(page, 'b ü.txt').dragTo(rowOf(page, 'target/'));
  await page.keyboard.up('Control');
  await finishJob(page, 'Copied b ü.txt to target/');
  expect(await keysOf(s3, bucket)).toContain('b ü.txt');
  expect(await keysOf(s3, bucket)).toContain('target/b ü.txt');

  // Alt (⌥ on a Mac) copies too.
  await page.keyboard.down('Alt');
  await rowOf(page, 'c.txt').dragTo(rowOf(page, 'target/'));
  await page.keyboard.up('Alt');
  await finishJob(page, 'Copied c.txt to target/');

  // Up one level: onto the bucket's crumb.
  await page.goto(`/?bucket=${bucket}&prefix=up%2Finner%2F`);
  await rowOf(page, 'deep.txt').dragTo(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: bucket, exact: true }),
  );
  await finishJob(page, 'Moved deep.txt to the top of');
  expect(await keysOf(s3, bucket)).toEqual(
    ['b ü.txt', 'c.txt', 'deep.txt', 'target/', 'target/a.txt', 'target/b ü.txt', 'target/c.txt'].sort(),
  );
});

test('cut and copy with the keyboard, paste in another folder', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'src/c&d.txt': 'cd', 'src/e.txt': 'e', 'dst/': '' });
  await page.goto(`/?bucket=${bucket}&prefix=src%2F`);
  await focusRow(page, 'c&d.txt');
  await page.keyboard.press('ControlOrMeta+x');
  await expect(page.getByRole('status', { name: 'Clipboard' })).toContainText('c&d.txt cut from');
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: bucket }).click();
  await page.getByRole('link', { name: 'dst/', exact: true }).click();
  // The folder is empty: no table to focus, so the clipboard line's button pastes.
  await page.getByRole('button', { name: 'Paste here' }).click();
  await finishJob(page, 'Moved c&d.txt to dst/');
  await expect(page.getByRole('status', { name: 'Clipboard' })).toBeHidden();

  await page.goto(`/?bucket=${bucket}&prefix=src%2F`);
  await focusRow(page, 'e.txt');
  await page.keyboard.press('ControlOrMeta+c');
  await expect(page.getByRole('status', { name: 'Clipboard' })).toContainText('e.txt copied from');
  // The clipboard is kept on the device: it outlives moving between folders (and a reload).
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: bucket }).click();
  await page.getByRole('link', { name: 'dst/', exact: true }).click();
  await focusRow(page, 'c&d.txt');
  await page.keyboard.press('ControlOrMeta+v');
  await finishJob(page, 'Copied e.txt to dst/');
  expect(await keysOf(s3, bucket)).toEqual(['dst/', 'dst/c&d.txt', 'dst/e.txt', 'src/e.txt']);
});

test('the endpoint goes away mid-folder-move: failures are listed, no key is lost, Retry failed finishes', async ({
  connected: page,
  bucket,
  seed,
  s3,
  sandbox,
}) => {
  const names = Array.from({ length: 40 }, (_, i) => `f ${i} +%#?&ü.txt`);
  await seed({
    ...Object.fromEntries(names.map((name, i) => [`big/${name}`, `bytes of ${i} `.repeat(i + 1)])),
    'dest/': '',
  });
  await page.goto(`/?bucket=${bucket}`);

  // The copies go many per request through the app's server (its request batch lane): the first batch is held
  // until the panel has been seen mid-job, then only its first 12 requests reach the endpoint, which vanishes.
  const endpoint = new URL(sandbox.endpoint);
  let down = false;
  let seenRunning: () => void = () => {};
  const running = new Promise<void>((resolve) => (seenRunning = resolve));
  await page.route(
    (url) => url.host === endpoint.host || url.pathname.startsWith('/_relay/'),
    async (route) => {
      if (down) return route.abort('connectionrefused');
      if (!route.request().url().endsWith('/_relay/requests')) return route.continue();
      down = true;
      await running;
      const batch = route.request().postDataJSON() as { requests: unknown[] };
      return route.continue({
        postData: JSON.stringify({ ...batch, requests: batch.requests.slice(0, 12) }),
      });
    },
  );
  await openMoveCopy(page, 'Move to…', ['big/']);
  const dialog = page.getByRole('dialog', { name: 'Move “big/”' });
  await dialog.getByRole('button', { name: 'dest/', exact: true }).click();
  await dialog.getByRole('button', { name: 'Move here' }).click();
  const panel = jobs(page);
  await expect(panel).toContainText('Moving big/ to dest/');
  await expect(panel).toContainText('Running');
  await shot(page, 'jobs-running');
  seenRunning();

  await expect(panel.getByRole('button', { name: 'Retry failed' })).toBeVisible({ timeout: 60_000 });
  const failures = panel.getByRole('list', { name: 'Failures' });
  await expect(failures).toContainText('Could not reach');
  await shot(page, 'jobs-failed');

  // After the fault, before the retry: every key is at its source or its destination (or both), never lost.
  const afterFault = new Set([...(await keysOf(s3, bucket))]);
  for (const name of names) {
    expect(afterFault.has(`big/${name}`) || afterFault.has(`dest/big/${name}`), name).toBe(true);
  }
  expect(afterFault.has('dest/big/f 39 +%#?&ü.txt')).toBe(false);

  await page.unrouteAll();
  await panel.getByRole('button', { name: 'Retry failed' }).click();
  await expect(panel).toContainText('Moved big/ to dest/', { timeout: 60_000 });
  await expect(panel).toContainText('Done');
  await expect(panel).toContainText('40 of 40 items');

  const keys = await keysOf(s3, bucket);
  expect(keys.filter((key) => key.startsWith('big/'))).toEqual([]);
  expect(keys.filter((key) => key.startsWith('dest/big/'))).toEqual(names.map((n) => `dest/big/${n}`).sort());
  for (const [i, name] of names.entries()) {
    expect(await bodyOf(s3, bucket, `dest/big/${name}`)).toBe(`bytes of ${i} `.repeat(i + 1));
  }
});

test('a folder move shows its speed and time left; Cancel stops it with no key lost, Retry failed finishes it', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  const names = Array.from({ length: 200 }, (_, i) => `f ${i} #ü.bin`);
  const body = (i: number) => `${i} `.padEnd(100_000, 'x');
  await seed({ ...Object.fromEntries(names.map((name, i) => [`big/${name}`, body(i)])), 'dest/': '' });
  await page.goto(`/?bucket=${bucket}`);
  // Every request held a while, so the job runs long enough to be measured and cancelled.
  await page.route('**/*', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.fallback();
  });
  await openMoveCopy(page, 'Move to…', ['big/']);
  const dialog = page.getByRole('dialog', { name: 'Move “big/”' });
  await dialog.getByRole('button', { name: 'dest/', exact: true }).click();
  await dialog.getByRole('button', { name: 'Move here' }).click();
  const panel = jobs(page);
  await expect(panel).toContainText(
    /0 of 200 items moved · \d+ copied, originals not yet deleted · [\d.]+ [KM]iB of 19 MiB · [\d.]+ [KM]iB\/s · \d+ s left/,
    {
      timeout: 30_000,
    },
  );
  await shot(page, 'jobs-speed');
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel).toContainText('Cancelled');
  // What is left is said in one line, not listed as 200 failures.
  await expect(panel).toContainText(
    /\d+ items not finished(, \d+ of them copied with the original still there)?: Retry failed finishes them\./,
  );
  await expect(panel.getByRole('list', { name: 'Failures' })).toBeHidden();
  await shot(page, 'jobs-cancelled');

  const afterCancel = new Set(await keysOf(s3, bucket));
  for (const name of names) {
    expect(afterCancel.has(`big/${name}`) || afterCancel.has(`dest/big/${name}`), name).toBe(true);
  }
  expect(names.filter((name) => afterCancel.has(`big/${name}`)).length).toBeGreaterThan(0);

  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await panel.getByRole('button', { name: 'Retry failed' }).click();
  await expect(panel).toContainText('Moved big/ to dest/', { timeout: 60_000 });
  await expect(panel).toContainText('200 of 200 items');
  const keys = await keysOf(s3, bucket);
  expect(keys.filter((key) => key.startsWith('big/'))).toEqual([]);
  expect(keys.filter((key) => key.startsWith('dest/big/'))).toEqual(names.map((n) => `dest/big/${n}`).sort());
  expect(await bodyOf(s3, bucket, `dest/big/${names[123]}`)).toBe(body(123));
});

test('a job of a file with a very long name keeps its title to three lines', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  const long = `${'long name '.repeat(90)}.txt`;
  await seed({ [long]: 'x', 'to/': '' });
  await page.goto(`/?bucket=${bucket}`);
  await openMoveCopy(page, 'Copy to…', [long]);
  const dialog = page.getByRole('dialog', { name: `Copy “${long}”` });
  await dialog.getByRole('button', { name: 'to/', exact: true }).click();
  await dialog.getByRole('button', { name: 'Copy here' }).click();
  const title = jobs(page).getByTitle(`Copied ${long} to to/`);
  await expect(title).toBeVisible();
  await shot(page, 'jobs-long-name');
  expect((await title.boundingBox())!.height).toBeLessThan(80);
  expect(await keysOf(s3, bucket)).toContain(`to/${long}`);
});

test('a file written into the destination while the Copy dialog is open is still asked about', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await seed({ 'notes.txt': 'mine', 'archive/keep.txt': 'x' });
  // The page's clock, moved on below instead of waiting for the dialog's check to grow old.
  await page.clock.install();
  await page.goto(`/?bucket=${bucket}`);
  await openMoveCopy(page, 'Copy to…', ['notes.txt']);
  const dialog = page.getByRole('dialog', { name: 'Copy “notes.txt”' });
  const checked = page.waitForResponse(
    (response) =>
      response.request().method() === 'HEAD' &&
      new URL(response.url()).pathname.endsWith('/archive/notes.txt'),
  );
  await dialog.getByRole('button', { name: 'archive/', exact: true }).click();
  await expect(dialog).toContainText(`${bucket}/archive/`);
  expect((await checked).status()).toBe(404);
  // Someone else writes the name after the dialog checked it; once that check is over half a second old, the
  // pointer on "Copy here" checks again.
  await seed({ 'archive/notes.txt': 'theirs' });
  await page.clock.fastForward(600);
  await dialog.getByRole('button', { name: 'Copy here' }).click();
  const conflict = page.getByRole('dialog', { name: '“notes.txt” already exists' });
  await conflict.getByRole('button', { name: 'Skip' }).click();
  await expect(jobs(page)).toContainText('Done, 1 skipped');
  expect(await bodyOf(s3, bucket, 'archive/notes.txt')).toBe('theirs');
});

test('a move in a versioned bucket says it leaves delete markers', async ({
  connected: page,
  bucket,
  seed,
  s3,
}) => {
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
  );
  await seed({ 'v.txt': 'v', 'to/': '' });
  await page.goto(`/?bucket=${bucket}`);
  await openMoveCopy(page, 'Move to…', ['v.txt']);
  const dialog = page.getByRole('dialog', { name: 'Move “v.txt”' });
  await expect(dialog.getByRole('note')).toContainText('leaves a delete marker');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // Still selected after Cancel.
  await page.getByRole('region', { name: 'Selection' }).getByRole('button', { name: 'Copy to…' }).click();
  await expect(page.getByRole('dialog', { name: 'Copy “v.txt”' }).getByRole('note')).toBeHidden();
});
