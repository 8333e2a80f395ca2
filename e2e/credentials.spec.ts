import { GetObjectCommand } from '@aws-sdk/client-s3';
import { expect, test } from './fixtures';

test('keys are remembered only when asked, encrypted with a passphrase, and Forget removes them', async ({
  page,
  sandbox,
}) => {
  await page.goto('/');
  await page.getByLabel('Endpoint').fill(sandbox.endpoint);
  await page.getByLabel('Access key').fill(sandbox.accessKey);
  await page.getByLabel('Secret key').fill(sandbox.secretKey);
  await page.getByLabel(/Remember the keys on this device/).check();
  await page.getByLabel(/^Passphrase/).fill('short');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('at least 8 characters');
  await page.getByLabel(/^Passphrase/).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();

  // PBKDF2 with 600,000 iterations takes a moment after the connection is made.
  await expect.poll(() => page.evaluate(() => JSON.stringify(localStorage))).toContain('s3fm.vault.');
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  expect(stored).not.toContain(sandbox.secretKey);
  expect(page.url()).not.toContain(sandbox.secretKey);

  await page.getByRole('button', { name: 'Disconnect' }).click();
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(sandbox.secretKey);
  await page.reload();
  const label = new URL(sandbox.endpoint).host;
  await page.getByLabel(`Passphrase for ${label}`).fill('wrong passphrase');
  await page.getByRole('button', { name: 'Unlock and connect' }).click();
  await expect(page.getByRole('alert')).toContainText('does not unlock');
  await page.getByLabel(`Passphrase for ${label}`).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Unlock and connect' }).click();
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('button', { name: `Forget ${label}` }).click();
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain('s3fm.vault.');
  await expect(page.getByLabel(`Passphrase for ${label}`)).toBeHidden();
});

test('an endpoint with a path or a javascript: scheme is refused before any request', async ({
  page,
  sandbox,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/');
  await page.getByLabel('Access key').fill(sandbox.accessKey);
  await page.getByLabel('Secret key').fill(sandbox.secretKey);
  for (const [endpoint, message] of [
    [`${sandbox.endpoint}/demo`, 'addressed at its root'],
    ['javascript:alert(1)', 'has no scheme'],
    ['ftp://example.com', 'Only http:// and https://'],
  ]) {
    await page.getByLabel('Endpoint').fill(endpoint);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(message);
  }
  expect(requests.filter((url) => !url.startsWith(new URL(page.url()).origin))).toEqual([]);
});

test('the secret key is never sent anywhere, logged, put in the URL or in localStorage', async ({
  page,
  sandbox,
  bucket,
  s3,
}) => {
  const secret = sandbox.secretKey;
  const leaks: string[] = [];
  let relayed = 0;
  page.on('console', (message) => {
    if (message.text().includes(secret)) leaks.push(`console: ${message.text()}`);
  });
  page.on('request', async (request) => {
    if (new URL(request.url()).pathname.startsWith('/_relay/s3')) relayed++;
    // A request still in flight when the test ends cannot give its final headers any more: the ones it was
    // created with are checked instead.
    const headers = JSON.stringify(await request.allHeaders().catch(() => request.headers()));
    const body = request.postDataBuffer();
    if (request.url().includes(secret)) leaks.push(`url: ${request.url()}`);
    if (headers.includes(secret)) leaks.push(`headers of ${request.url()}`);
    if (body?.includes(secret)) leaks.push(`body of ${request.url()}`);
  });

  // Everything through the app's relay: the requests it receives are signed, never carrying the secret.
  await page.goto('/');
  await page.getByLabel('Endpoint').fill(sandbox.endpoint);
  await page.getByLabel('Access key').fill(sandbox.accessKey);
  await page.getByLabel('Secret key').fill(secret);
  await page.getByText('More options').click();
  await page.getByRole('combobox', { name: 'Connection' }).selectOption('relay');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Buckets' })).toBeVisible();
  await page.goto(`/?bucket=${bucket}`);
  await page.getByRole('button', { name: 'New text file' }).click();
  await page.getByLabel('File name').fill('note.txt');
  await page.getByRole('button', { name: 'Save file' }).click();
  await expect(page.getByRole('button', { name: 'note.txt', exact: true })).toBeVisible();
  await page
    .getByLabel('Files to upload')
    .setInputFiles({ name: 'up.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded') });
  await expect(page.getByRole('region', { name: 'Uploads' })).toContainText('1 of 1 file done');
  const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'up.txt' }));
  expect(await stored.Body!.transformToString()).toBe('uploaded');

  expect(page.url()).not.toContain(secret);
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(secret);
  expect(relayed).toBeGreaterThan(3);
  expect(leaks).toEqual([]);
});
