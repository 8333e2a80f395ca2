import { describe, expect, it } from 'vitest';
import { multipartBody, unquoteEtag } from './xhr-send';

describe('unquoteEtag', () => {
  it('strips quotes and weak markers', () => {
    expect(unquoteEtag('"abc-3"')).toBe('abc-3');
    expect(unquoteEtag('W/"x"')).toBe('x');
    expect(unquoteEtag(null)).toBeUndefined();
  });
});

describe('multipartBody', () => {
  it('parses back to the same fields and the same file bytes, hard keys included', async () => {
    const fields = {
      'X-Amz-Credential': 'AKIA/20261207/us-east-1/s3/aws4_request',
      key: 'dir/ä b+c%d#e?f\nline.txt',
      'Content-Type': 'text/plain; charset=utf-8',
    };
    const bytes = Uint8Array.from({ length: 2048 }, (_, i) => i % 256);
    const { body, contentType } = await multipartBody(fields, new Blob([bytes]));
    expect(contentType).toMatch(/^multipart\/form-data; boundary=----s3fm[0-9a-f]{32}$/);
    const parsed = await new Response(body, { headers: { 'Content-Type': contentType } }).formData();
    for (const [name, value] of Object.entries(fields)) expect(parsed.get(name)).toBe(value);
    const file = parsed.get('file') as Blob;
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    expect([...parsed.keys()].at(-1)).toBe('file');
  });
});
