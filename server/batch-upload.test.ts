import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServer } from './app';
import { MAX_BATCH_BYTES } from '../src/s3/relay-protocol';
import { formBody, parseBatch } from './batch-upload';
import { close, listen, send, testConfig } from './test-utils';

const ALLOWED = ['http://127.0.0.1:7480'];

function batch(manifest: unknown, files: Buffer[] = []): Buffer {
  const json = Buffer.from(JSON.stringify(manifest));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([length, json, ...files]);
}

const manifest = (change: object = {}) => ({
  endpoint: 'http://127.0.0.1:7480',
  path: '/bucket/',
  fields: { Policy: 'p', 'X-Amz-Signature': 's' },
  files: [
    { key: 'a', type: 'text/plain', size: 2 },
    { key: 'b', type: 'text/plain', size: 3 },
  ],
  ...change,
});

describe('parseBatch', () => {
  it('finds each file in the bytes that follow the manifest', () => {
    const body = batch(manifest(), [Buffer.from('aa'), Buffer.from('bbb')]);
    const parsed = parseBatch(body, ALLOWED);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const [a, b] = parsed.offsets;
    expect(body.subarray(a, a + 2).toString()).toBe('aa');
    expect(body.subarray(b, b + 3).toString()).toBe('bbb');
  });

  it.each([
    ['an endpoint the operator did not allow', manifest({ endpoint: 'http://10.0.0.1:80' }), 403],
    ['a cloud metadata address', manifest({ endpoint: 'http://169.254.169.254' }), 403],
    ['a path that names another host', manifest({ path: '//evil.example/x' }), 400],
    ['a form field with a line break in its name', manifest({ fields: { 'a\r\nb': 'x' } }), 400],
    ['a field that is not a string', manifest({ fields: { Policy: 1 } }), 400],
    ['no files', manifest({ files: [] }), 400],
    ['a file without a size', manifest({ files: [{ key: 'a', type: 't' }] }), 400],
  ])('refuses %s', (_what, m, status) => {
    const parsed = parseBatch(batch(m, [Buffer.from('aabbb')]), ALLOWED);
    expect(parsed).toMatchObject({ ok: false, status });
  });

  it('refuses bytes that do not add up to the sizes, either way', () => {
    expect(parseBatch(batch(manifest(), [Buffer.from('aabb')]), ALLOWED)).toMatchObject({ ok: false });
    expect(parseBatch(batch(manifest(), [Buffer.from('aabbbb')]), ALLOWED)).toMatchObject({ ok: false });
  });

  it('refuses a manifest length that runs past the body', () => {
    const body = Buffer.alloc(8);
    body.writeUInt32BE(1000);
    expect(parseBatch(body, ALLOWED)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('formBody', () => {
  it('is a form a browser would send: fields first, the file last', () => {
    const body = formBody('XyZ', { key: 'k ü', 'Content-Type': 'a/b' }, Buffer.from('data'));
    expect(body.toString()).toBe(
      '--XyZ\r\nContent-Disposition: form-data; name="key"\r\n\r\nk ü\r\n' +
        '--XyZ\r\nContent-Disposition: form-data; name="Content-Type"\r\n\r\na/b\r\n' +
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="blob"\r\n' +
        'Content-Type: application/octet-stream\r\n\r\ndata\r\n--XyZ--\r\n',
    );
  });
});

describe('the batch endpoint', () => {
  let app: http.Server;
  let port: number;
  beforeAll(async () => {
    app = createAppServer(testConfig({ relayAllow: ALLOWED }));
    port = await listen(app);
  });
  afterAll(() => close(app));

  it('takes POST only', async () => {
    const reply = await send(port, { path: '/_relay/batch' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
  });

  it('refuses a batch larger than its cap before reading it', async () => {
    const reply = await send(port, {
      method: 'POST',
      path: '/_relay/batch',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(MAX_BATCH_BYTES + 1) },
    });
    expect(reply.status).toBe(413);
    expect(reply.body.toString()).toContain('EntityTooLarge');
  });

  it('refuses a batch of no stated length', async () => {
    const reply = await send(port, {
      method: 'POST',
      path: '/_relay/batch',
      headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
      body: batch(manifest(), [Buffer.from('aabbb')]),
    });
    expect(reply.status).toBe(411);
  });
});
