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
