import { describe, expect, it } from 'vitest';
import { testSession } from '../../testing/test-session';
import { assertUploadUrl, presignPut, presignUploadPart } from './presign';

describe('upload URLs', () => {
  const session = testSession();

  it('sign UNSIGNED-PAYLOAD and carry no checksum parameters (RGW traps)', async () => {
    const key = 'a b+c%#?ü/😀.txt';
    const put = new URL(await presignPut(session, { bucket: 'b', key }));
    const part = new URL(
      await presignUploadPart(session, { bucket: 'b', key, uploadId: 'u-1', partNumber: 7 }),
    );
    for (const url of [put, part]) {
      const names = [...url.searchParams.keys()];
      expect(names.filter((n) => /checksum/i.test(n))).toEqual([]);
      expect(url.searchParams.get('X-Amz-Content-Sha256')).toBe('UNSIGNED-PAYLOAD');
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
      expect(url.pathname).toBe('/b/a%20b%2Bc%25%23%3F%C3%BC/%F0%9F%98%80.txt');
    }
    expect(part.searchParams.get('partNumber')).toBe('7');
    expect(part.searchParams.get('uploadId')).toBe('u-1');
  });

  it('refuse a URL that pins an empty-body checksum', () => {
    expect(() =>
      assertUploadUrl('http://h/b/k?X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&x-amz-checksum-crc32=AAAAAA%3D%3D'),
    ).toThrow(/x-amz-checksum-crc32/);
  });
});
