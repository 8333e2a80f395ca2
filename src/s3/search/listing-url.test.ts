import { describe, expect, it } from 'vitest';
import { presignListing } from '../objects';
import type { ConnectionProfile, Credentials } from '../profile';
import { S3Session } from '../session';
import { signListingUrl } from './listing-url';
import { listingSigner } from './scan-client';
import type { PageRequest } from './scan-protocol';

const rgw: ConnectionProfile = {
  id: 'rgw',
  label: 'RGW',
  endpoint: 'http://127.0.0.1:7480',
  region: 'us-east-1',
  pathStyle: true,
  transport: 'direct',
};
const aws: ConnectionProfile = {
  ...rgw,
  endpoint: 'https://s3.eu-west-1.amazonaws.com',
  region: 'eu-west-1',
  pathStyle: false,
};
const keys: Credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** When the SDK signed a URL (its X-Amz-Date), in ms. */
function signedAt(url: string): number {
  const date = new URL(url).searchParams.get('X-Amz-Date')!;
  return Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
}

const requests: PageRequest[] = [
  { bucket: 'b', prefix: '' },
  { bucket: 'b', prefix: 'search/', delimiter: '' },
  { bucket: 'b', prefix: 'search/', delimiter: '/' },
  { bucket: 'b', prefix: 'a b/ü日本/q?mark#%+//', delimiter: '', token: 'next key/ with+plus=' },
  { bucket: 'b', prefix: 's/', delimiter: '', startAfter: "s/f1/it's (a)*!~.pdf", maxKeys: 100 },
];

describe('signListingUrl (the search worker signs its listings)', () => {
  for (const [name, profile, credentials] of [
    ['path style', rgw, keys],
    ['virtual-host style, with a session token', aws, { ...keys, sessionToken: 'FQoG/ZXIvYXdz+EJr==' }],
  ] as const) {
    it(`makes the URL the SDK's presigner makes (${name})`, async () => {
      const session = new S3Session(profile, credentials, null, undefined);
      const signer = (await listingSigner(session, 'my-bucket.s3fm'))!;
      expect(JSON.stringify(signer)).not.toContain(credentials.secretAccessKey);
      for (const request of requests) {
        const bucketed = { ...request, bucket: 'my-bucket.s3fm' };
        const sdk = (await presignListing(session, bucketed))!;
        expect(await signListingUrl(signer, bucketed, signedAt(sdk))).toBe(sdk);
      }
    });
  }

  it('leaves to the page what it cannot sign: another day than its key, an unordered listing', async () => {
    const session = new S3Session(rgw, keys, null, undefined);
    const signer = (await listingSigner(session, 'b'))!;
    const request: PageRequest = { bucket: 'b', prefix: 'p/', delimiter: '' };
    expect(await signListingUrl(signer, request)).toMatch(
      /^http:\/\/127\.0\.0\.1:7480\/b\/\?X-Amz-Algorithm=/,
    );
    expect(await signListingUrl(signer, request, Date.now() + 2 * 86_400_000)).toBeUndefined();
    expect(await signListingUrl(signer, { ...request, unordered: true })).toBeUndefined();
  });

  it('signs by the server’s clock as the SDK learned it', async () => {
    const session = new S3Session(rgw, keys, null, undefined);
    const signer = (await listingSigner(session, 'b'))!;
    const hourAhead = { ...signer, day: '20260101', clockOffsetMs: 3_600_000 };
    const url = new URL(
      (await signListingUrl(hourAhead, { bucket: 'b', prefix: '' }, Date.UTC(2026, 0, 1, 12)))!,
    );
    expect(url.searchParams.get('X-Amz-Date')).toBe('20260101T130000Z');
  });
});
