// File request links (src/s3/file-request.ts) against the real RGW: the link the app produces is decoded as the drop
// page decodes it, then every limit is broken once from Node. RGW itself must refuse each one, and the drop page's
// sentence for RGW's answer must be the right one.
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { explainRefusal } from '../../src/drop/drop-refusal';
import { applyCorsRule } from '../../src/s3/cors';
import { createFileRequest, type FileRequestOptions } from '../../src/s3/file-request';
import { decodeFileRequest, sessionFolderName, type FileRequest } from '../../src/s3/file-request-link';
import { s3HttpError } from '../../src/s3/upload/xhr-send';
import { adminClient, makeSession, withTempBucket } from './sandbox';

const ORIGIN = 'http://127.0.0.1:8080';

async function makeRequest(bucket: string, options: Partial<FileRequestOptions> = {}): Promise<FileRequest> {
  const made = await createFileRequest(
    makeSession(),
    {
      bucket,
      prefix: 'inbox/',
      seconds: 3600,
      maxBytes: 1024,
      types: 'any',
      label: 'Test',
      sessionFolders: true,
      ...options,
    },
    ORIGIN,
  );
  const decoded = decodeFileRequest(new URL(made.url).hash);
  if (!decoded.ok) throw new Error(`the app's own link is damaged: ${decoded.problem}`);
  return decoded.request;
}

/** The drop page's form: the policy's fields, key and Content-Type, the file last. */
async function post(
  request: FileRequest,
  key: string,
  body: Blob,
  contentType = 'text/plain',
  fields = request.fields,
): Promise<{ status: number; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...fields, key, 'Content-Type': contentType })) {
    form.append(name, value);
  }
  form.append('file', body);
  const response = await fetch(request.url, { method: 'POST', body: form });
  return { status: response.status, text: await response.text() };
}

const sentence = (answer: { status: number; text: string }, request: FileRequest) =>
  explainRefusal(s3HttpError(answer.status, answer.text), request, ORIGIN).message;

async function keys(bucket: string): Promise<string[]> {
  const listed = await adminClient().send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

describe('file request links against RGW', () => {
  it('store a file under the folder, in a session folder, with its type and bytes', async () => {
    await withTempBucket(async (bucket) => {
      const request = await makeRequest(bucket, { seconds: 7 * 86_400 });
      expect(request).toMatchObject({ bucket, prefix: 'inbox/', maxBytes: 1024 });
      const key = `inbox/${sessionFolderName(new Date())}ü b+c%#&.txt`;
      const answer = await post(request, key, new Blob(['hello']));
      expect(answer.status, answer.text).toBe(204);
      const object = await adminClient().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      expect(await object.Body!.transformToString()).toBe('hello');
      expect(object.ContentType).toBe('text/plain');
    });
  });

  it('are refused by RGW for a key outside the folder', async () => {
    await withTempBucket(async (bucket) => {
      const request = await makeRequest(bucket);
      for (const key of ['outside.txt', 'inbo/x.txt', 'other/inbox/x.txt']) {
        const answer = await post(request, key, new Blob(['x']));
        expect(answer.status, key).toBe(403);
        expect(sentence(answer, request)).toBe(
          'The link does not allow this file name (outside its folder).',
        );
      }
      expect(await keys(bucket)).toEqual([]);
    });
  });

  it('are refused by RGW for a file over the size', async () => {
    await withTempBucket(async (bucket) => {
      const request = await makeRequest(bucket, { maxBytes: 1024 });
      expect((await post(request, 'inbox/exact.bin', new Blob([new Uint8Array(1024)]))).status).toBe(204);
      const answer = await post(request, 'inbox/big.bin', new Blob([new Uint8Array(1025)]));
      expect(answer.status).toBe(400);
      expect(sentence(answer, request)).toBe('The storage refused it: it is larger than this link allows.');
      expect(await keys(bucket)).toEqual(['inbox/exact.bin']);
    });
  });

  it('are refused by RGW for a type not allowed', async () => {
    await withTempBucket(async (bucket) => {
      const images = await makeRequest(bucket, { types: 'images' });
      expect((await post(images, 'inbox/a.png', new Blob(['p']), 'image/png')).status).toBe(204);
      const answer = await post(images, 'inbox/a.txt', new Blob(['t']), 'text/plain');
      expect(answer.status).toBe(403);
      expect(sentence(answer, images)).toBe('The storage refused its type: this link accepts images only.');

      const pdf = await makeRequest(bucket, { types: 'pdf' });
      expect((await post(pdf, 'inbox/a.pdf', new Blob(['%PDF']), 'application/pdf')).status).toBe(204);
      expect((await post(pdf, 'inbox/b.pdf', new Blob(['x']), 'application/pdfx')).status).toBe(403);
      expect((await keys(bucket)).sort()).toEqual(['inbox/a.pdf', 'inbox/a.png']);
    });
  });

  it('are refused by RGW once expired', async () => {
    await withTempBucket(async (bucket) => {
      const request = await makeRequest(bucket, { seconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const answer = await post(request, 'inbox/late.txt', new Blob(['x']));
      expect(answer.status).toBe(403);
      expect(sentence(answer, request)).toBe(
        'The link expired before this file was sent. Ask for a new link.',
      );
      expect(await keys(bucket)).toEqual([]);
    });
  });

  it('are refused by RGW when the policy was tampered with', async () => {
    await withTempBucket(async (bucket) => {
      const request = await makeRequest(bucket, { maxBytes: 1024 });
      const policy = JSON.parse(Buffer.from(request.fields.Policy, 'base64').toString());
      for (const condition of policy.conditions) {
        if (Array.isArray(condition) && condition[0] === 'content-length-range') condition[2] = 1024 ** 3;
        if (Array.isArray(condition) && condition[1] === '$key') condition[2] = '';
      }
      const forged = { ...request.fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') };
      const answer = await post(request, 'elsewhere.bin', new Blob([new Uint8Array(2048)]), 'x/y', forged);
      expect(answer.status).toBe(403);
      expect(sentence(answer, request)).toMatch(/changed on the way, or its owner revoked it/);
      // Nor can a link be moved to another bucket.
      await withTempBucket(async (other) => {
        const moved = { ...request, url: request.url.replace(bucket, other) };
        expect((await post(moved, 'inbox/x.txt', new Blob(['x']))).status).toBe(403);
      });
      expect(await keys(bucket)).toEqual([]);
    });
  });

  it("say whether the bucket's CORS lets the drop page post, and Apply CORS rule makes it so", async () => {
    await withTempBucket(async (bucket) => {
      const made = () =>
        createFileRequest(
          makeSession(),
          { bucket, prefix: '', seconds: 60, maxBytes: 1024, types: 'any', label: '', sessionFolders: true },
          ORIGIN,
        );
      expect((await made()).cors).toEqual({ allowed: false });
      await applyCorsRule(makeSession(), bucket, ORIGIN);
      expect((await made()).cors).toEqual({ allowed: true });
    });
  });
});
