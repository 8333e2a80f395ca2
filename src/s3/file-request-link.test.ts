import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFileRequest,
  encodeFileRequest,
  fileProblem,
  fileRequestUrl,
  MAX_FRAGMENT_LENGTH,
  MAX_POST_BYTES,
  sessionFolderName,
  typeAllowed,
  type FileRequestPayload,
} from './file-request-link';

/** Base64 of text as UTF-8 (or of raw bytes), without Node's Buffer: these tests type-check as browser code. */
function base64(input: string | number[]): string {
  const bytes = typeof input === 'string' ? Array.from(new TextEncoder().encode(input)) : input;
  return btoa(String.fromCharCode(...bytes));
}
const base64url = (input: string | number[]) =>
  base64(input).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const MiB = 1024 * 1024;

/** A policy as signPostPolicy writes it (the signature is not checked here: RGW checks it). */
function policy(conditions: unknown[], expiration = '2030-01-01T00:00:00.000Z'): string {
  return base64(JSON.stringify({ expiration, conditions }));
}

const CONDITIONS = [
  { bucket: 'photos' },
  ['starts-with', '$key', 'inbox/'],
  ['starts-with', '$Content-Type', 'image/'],
  ['content-length-range', 0, 10 * MiB],
  { 'x-amz-algorithm': 'AWS4-HMAC-SHA256' },
];

function payload(overrides: Partial<FileRequestPayload> = {}, conditions = CONDITIONS): FileRequestPayload {
  return {
    url: 'http://127.0.0.1:7480/photos',
    fields: {
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKID/20301231/us-east-1/s3/aws4_request',
      'X-Amz-Date': '20301231T000000Z',
      Policy: policy(conditions),
      'X-Amz-Signature': 'ab'.repeat(32),
    },
    label: 'Trip photos ü 😀 <b>&</b>',
    sessionFolders: true,
    ...overrides,
  };
}

const b64url = (value: unknown) => base64url(JSON.stringify(value));

describe('a file request link', () => {
  it('round-trips, with its limits read from the signed policy', () => {
    const decoded = decodeFileRequest(`#${encodeFileRequest(payload())}`);
    expect(decoded).toEqual({
      ok: true,
      request: {
        ...payload(),
        bucket: 'photos',
        prefix: 'inbox/',
        expiresAt: Date.parse('2030-01-01T00:00:00.000Z'),
        maxBytes: 10 * MiB,
        contentType: { startsWith: 'image/' },
      },
    });
  });

  it('is the drop page of this app with everything in the fragment, in URL-safe characters', () => {
    const url = fileRequestUrl('https://files.example.com', payload());
    expect(url).toMatch(/^https:\/\/files\.example\.com\/drop\/#[A-Za-z0-9_-]+$/);
    expect(new URL(url).search).toBe('');
  });

  it('reads an exact type rule', () => {
    const conditions = [
      ...CONDITIONS.slice(0, 2),
      ['eq', '$Content-Type', 'application/pdf'],
      ...CONDITIONS.slice(3),
    ];
    const decoded = decodeFileRequest(encodeFileRequest(payload({}, conditions)));
    expect(decoded.ok && decoded.request.contentType).toEqual({ equals: 'application/pdf' });
  });

  it.each([
    ['empty', ''],
    ['only a hash', '#'],
    ['not base64url', '#ab+c/=='],
    ['base64 of garbage bytes', `#${base64url([0xff, 0xfe, 0x00, 0x80])}`],
    ['not JSON', `#${base64url('{"v":1,')}`],
    ['JSON null', `#${b64url(null)}`],
    ['an array', `#${b64url([1, 2])}`],
    ['another version', `#${b64url({ ...payload(), v: 2 })}`],
    ['a javascript: URL', `#${b64url({ ...payload({ url: 'javascript:alert(1)' }), v: 1 })}`],
    ['a URL with credentials', `#${b64url({ ...payload({ url: 'http://u:p@host/b' }), v: 1 })}`],
    ['a label of the wrong type', `#${b64url({ ...payload(), label: 5, v: 1 })}`],
    ['a huge label', `#${b64url({ ...payload({ label: 'x'.repeat(201) }), v: 1 })}`],
    ['sessionFolders as a string', `#${b64url({ ...payload(), sessionFolders: 'yes', v: 1 })}`],
    ['a missing signature', `#${b64url({ ...payload({ fields: { Policy: policy(CONDITIONS) } }), v: 1 })}`],
    [
      'an extra form field',
      `#${b64url({ ...payload({ fields: { ...payload().fields, acl: 'public-read' } }), v: 1 })}`,
    ],
    [
      'a field of the wrong type',
      `#${b64url({ ...payload({ fields: { ...payload().fields, 'X-Amz-Date': 5 } as never }), v: 1 })}`,
    ],
    [
      'a policy that is not base64',
      `#${b64url({ ...payload({ fields: { ...payload().fields, Policy: '%%%' } }), v: 1 })}`,
    ],
    [
      'a policy without a size',
      `#${b64url({
        ...payload(
          {},
          CONDITIONS.filter((c) => !Array.isArray(c) || c[0] !== 'content-length-range'),
        ),
        v: 1,
      })}`,
    ],
    ['a policy without a key prefix', `#${b64url({ ...payload({}, CONDITIONS.slice(2)), v: 1 })}`],
    [
      'a policy with a bad date',
      `#${b64url({ ...payload({ fields: { ...payload().fields, Policy: base64('{"expiration":"soon","conditions":[]}') } }), v: 1 })}`,
    ],
    ['truncated', `#${encodeFileRequest(payload()).slice(0, 120)}`],
    ['huge', `#${'A'.repeat(MAX_FRAGMENT_LENGTH + 1)}`],
  ])('says a link is damaged when it is %s', (_, fragment) => {
    const decoded = decodeFileRequest(fragment);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.problem).toMatch(/\w/);
  });

  it('never throws on any fragment, and accepts only what it can use', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.base64String()), (text) => {
        const decoded = decodeFileRequest(text);
        if (decoded.ok) expect(typeof decoded.request.maxBytes).toBe('number');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any JSON payload', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (value, fields) => {
        decodeFileRequest(b64url(value));
        decodeFileRequest(b64url({ ...payload(), v: 1, fields }));
        decodeFileRequest(
          b64url({
            ...payload({ fields: { ...payload().fields, Policy: policy(value as unknown[]) } }),
            v: 1,
          }),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('survives any change of one character: damaged or still readable, never a crash', () => {
    const encoded = encodeFileRequest(payload());
    fc.assert(
      fc.property(fc.nat(encoded.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (at, c) => {
        decodeFileRequest(encoded.slice(0, at) + c + encoded.slice(at + 1));
      }),
    );
  });
});

describe('the limits, checked before a byte is sent', () => {
  const request = { maxBytes: 10 * MiB, contentType: { startsWith: 'image/' } };

  it('lets a file within them go', () => {
    expect(fileProblem(request, 'inbox/a.png', 10 * MiB, 'image/png')).toBeNull();
    expect(fileProblem(request, 'inbox/empty.png', 0, 'image/png')).toBeNull();
  });

  it('names the size limit of the link', () => {
    expect(fileProblem(request, 'inbox/a.png', 10 * MiB + 1, 'image/png')).toBe(
      'It is 10.0 MiB; this link accepts files up to 10 MiB.',
    );
  });

  it("names S3's POST limit above 5 GiB, whatever the link allows", () => {
    const open = { maxBytes: MAX_POST_BYTES, contentType: { startsWith: '' } };
    expect(fileProblem(open, 'a.iso', MAX_POST_BYTES, 'x/y')).toBeNull();
    expect(fileProblem(open, 'a.iso', MAX_POST_BYTES + 1, 'x/y')).toMatch(/at most 5 GiB per file/);
  });

  it('names a type not allowed', () => {
    expect(fileProblem(request, 'inbox/a.txt', 1, 'text/plain')).toBe(
      'Its type (text/plain) is not allowed here: this link accepts images only.',
    );
    expect(typeAllowed({ equals: 'application/pdf' }, 'application/pdf')).toBe(true);
    expect(typeAllowed({ equals: 'application/pdf' }, 'application/pdfx')).toBe(false);
    expect(typeAllowed({ startsWith: '' }, '')).toBe(true);
  });

  it('counts a key in bytes of UTF-8: 1024 go, more do not', () => {
    expect(fileProblem(request, `${'a'.repeat(1020)}.png`, 1, 'image/png')).toBeNull();
    expect(fileProblem(request, `${'ü'.repeat(510)}.png`, 1, 'image/png')).toBeNull();
    expect(fileProblem(request, `${'ü'.repeat(511)}.png`, 1, 'image/png')).toMatch(
      /too long \(1026 bytes where S3 allows 1024\)/,
    );
  });
});

describe('the folder of one visit', () => {
  it('starts with the date and time, and its random part keeps visits apart', () => {
    const at = new Date('2026-12-06T08:12:59Z');
    expect(sessionFolderName(at, 'k3f9q2ab')).toBe('2026-12-06-0812-k3f9q2ab/');
    const names = new Set(Array.from({ length: 1000 }, () => sessionFolderName(at)));
    expect(names.size).toBe(1000);
    for (const name of names) expect(name).toMatch(/^2026-12-06-0812-[a-z0-9]{8}\/$/);
  });
});
