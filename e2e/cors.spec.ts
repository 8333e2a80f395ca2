import { CreateBucketCommand, GetBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { connectWithForm, expect, test } from './fixtures';
import { purgeBucket } from './purge';

const uniqueName = (tag: string) =>
  `e2e-${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

test('direct mode: the CORS doctor explains a bucket without a rule, and "Apply CORS rule" makes direct listing work', async ({
  page,
  context,
  sandbox,
  s3,
  baseURL,
}) => {
  const bucket = uniqueName('doctor');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'inside.txt', Body: 'hello' }));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await connectWithForm(page, sandbox, { transport: 'direct' });
    await expect(page.getByRole('alert')).toContainText('does not let a web page list buckets');

    await page.goto(`/?bucket=${encodeURIComponent(bucket)}`);
    const doctor = page.getByRole('region', { name: `Bucket “${bucket}” does not allow this page (CORS)` });
    await expect(doctor).toBeVisible();
    await expect(doctor).toContainText(`lets pages from ${baseURL} read it`);
    await expect(doctor).toContainText('Your keys are fine');

    // The exact fix for this origin, as XML and JSON.
    const xml = doctor.getByLabel('CORS rule as XML');
    await expect(xml).toContainText(`<AllowedOrigin>${baseURL}</AllowedOrigin>`);
    for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'HEAD']) {
      await expect(xml).toContainText(`<AllowedMethod>${method}</AllowedMethod>`);
    }
    await expect(xml).toContainText('<AllowedHeader>x-amz-*</AllowedHeader>');
    await expect(xml).toContainText('<AllowedHeader>amz-sdk-*</AllowedHeader>');
    await expect(xml).toContainText('<ExposeHeader>ETag</ExposeHeader>');
    const json = JSON.parse((await doctor.getByLabel('CORS rule as JSON').textContent())!) as Array<{
      AllowedOrigins: string[];
      ExposeHeaders: string[];
    }>;
    expect(json[0].AllowedOrigins).toEqual([baseURL]);
    expect(json[0].ExposeHeaders).toContain('ETag');
    await doctor.getByRole('button', { name: 'Copy XML' }).click();
    await expect(doctor.getByText('Copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(
      `<AllowedOrigin>${baseURL}</AllowedOrigin>`,
    );

    // One click: the rule goes through the relay (the page may not reach the bucket), then the listing is direct.
    const direct: string[] = [];
    const relayed: string[] = [];
    page.on('response', (response) => {
      const url = response.url();
      if (url.includes('/_relay/s3')) relayed.push(response.request().method());
      else if (url.startsWith(`${sandbox.endpoint}/${bucket}`) && url.includes('list-type=2'))
        direct.push(`${response.status()}`);
    });
    await doctor.getByRole('button', { name: 'Apply CORS rule' }).click();
    await expect(page.getByRole('button', { name: 'inside.txt', exact: true })).toBeVisible();
    await expect(doctor).toBeHidden();
    expect(relayed).toEqual(['GET', 'PUT']); // GetBucketCors, PutBucketCors
    expect(direct).toContain('200');

    const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(CORSRules?.[0].AllowedOrigins).toEqual([baseURL]);

    // And it stays so: a reload lists directly, with no doctor.
    await page.reload();
    await expect(page.getByRole('button', { name: 'inside.txt', exact: true })).toBeVisible();
    await expect(doctor).toBeHidden();
  } finally {
    await purgeBucket(s3, bucket);
  }
});

test('the doctor also answers "Open bucket" by name in direct mode', async ({ page, sandbox, s3 }) => {
  const bucket = uniqueName('open');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  try {
    await connectWithForm(page, sandbox, { transport: 'direct' });
    await page.getByLabel('Bucket name').fill(bucket);
    await page.getByRole('button', { name: 'Open bucket' }).click();
    const doctor = page.getByRole('region', { name: `Bucket “${bucket}” does not allow this page (CORS)` });
    await doctor.getByRole('button', { name: 'Apply CORS rule' }).click();
    await expect(doctor.getByRole('status').filter({ hasText: 'CORS rule applied' })).toBeVisible();
    await page.getByRole('button', { name: 'Open bucket' }).click();
    await expect(page.getByText('This bucket is empty.')).toBeVisible();
  } finally {
    await purgeBucket(s3, bucket);
  }
});

test('with the relay, the doctor’s place is the bucket details: a missing rule is named and can be applied', async ({
  connected: page,
  s3,
  baseURL,
}) => {
  const bucket = uniqueName('details');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  try {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('button', { name: `Details of ${bucket}` }).click();
    const dialog = page.getByRole('dialog', { name: `Bucket “${bucket}”` });
    await expect(dialog).toContainText('None. No web page may call this bucket directly.');
    await expect(dialog).toContainText(`This page (${baseURL}) may not call it directly`);
    await dialog.getByRole('button', { name: 'Apply CORS rule' }).click();
    await expect(dialog).toContainText(`This page (${baseURL}) may call the bucket directly.`);
    await expect(dialog.getByRole('region', { name: 'CORS rules' })).toContainText(baseURL!);
    const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(CORSRules).toHaveLength(1);
  } finally {
    await purgeBucket(s3, bucket);
  }
});
