import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutObjectAclCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AUTHENTICATED_USERS,
  getBucketAcl,
  getObjectAcl,
  setBucketCannedAcl,
  setObjectCannedAcl,
} from '../../src/s3/acl';
import {
  checkAnonymous,
  credentialLife,
  measureServerClock,
  presignShareLink,
  publicObjectUrl,
} from '../../src/s3/share';
import { adminClient, makeSession, putObjects, sandbox, withTempBucket } from './sandbox';

/** The second RGW user: an outsider who must be refused what is private and allowed what is public. */
function otherClient(): S3Client {
  const sb = sandbox();
  return new S3Client({
    endpoint: sb.endpoint,
    region: sb.region,
    forcePathStyle: true,
    credentials: { accessKeyId: sb.other.accessKey, secretAccessKey: sb.other.secretKey },
    maxAttempts: 1,
  });
}

const objectUrl = (bucket: string, key: string) =>
  `${sandbox().endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

async function otherCanRead(bucket: string, key: string): Promise<boolean | string> {
  try {
    const out = await otherClient().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    await out.Body?.transformToString();
    return true;
  } catch (error) {
    return (error as Error).name;
  }
}

describe('object ACLs against RGW', () => {
  it('reads private, sets public-read (anyone reads), sets private again (everyone else refused)', async () => {
    await withTempBucket(async (bucket) => {
      const key = 'docs/hello wörld.txt';
      await putObjects(bucket, [[key, 'Hello World!']]);
      const session = makeSession();

      expect(await getObjectAcl(session, bucket, key)).toEqual({
        supported: true,
        access: 'private',
        publicRead: false,
        grants: [],
      });
      expect((await fetch(objectUrl(bucket, key))).status).toBe(403);
      expect(await otherCanRead(bucket, key)).toBe('AccessDenied');

      const made = await setObjectCannedAcl(session, bucket, key, 'public-read');
      expect(made).toMatchObject({ supported: true, access: 'public', publicRead: true });
      const anonymous = await fetch(objectUrl(bucket, key));
      expect(anonymous.status).toBe(200);
      expect(await anonymous.text()).toBe('Hello World!');
      expect(await otherCanRead(bucket, key)).toBe(true);

      expect(await setObjectCannedAcl(session, bucket, key, 'private')).toMatchObject({ access: 'private' });
      expect((await fetch(objectUrl(bucket, key))).status).toBe(403);
      expect(await otherCanRead(bucket, key)).toBe('AccessDenied');
    });
  });

  it('calls anything else "custom" and lists the grants', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['shared.txt', 'x']]);
      await adminClient().send(
        new PutObjectAclCommand({
          Bucket: bucket,
          Key: 'shared.txt',
          GrantRead: `uri="${AUTHENTICATED_USERS}"`,
        }),
      );
      const state = await getObjectAcl(makeSession(), bucket, 'shared.txt');
      expect(state).toEqual({
        supported: true,
        access: 'custom',
        publicRead: false,
        grants: [{ grantee: 'Any signed-in user', granteeType: 'group', permission: 'READ' }],
      });
      expect(await otherCanRead(bucket, 'shared.txt')).toBe(true);
      expect((await fetch(objectUrl(bucket, 'shared.txt'))).status).toBe(403);
    });
  });

  it('a missing object or a stranger gets a typed error, not an "unsupported" answer', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['mine.txt', 'x']]);
      await expect(getObjectAcl(makeSession(), bucket, 'nope.txt')).rejects.toMatchObject({
        kind: 'no-such-key',
      });
      const stranger = makeSession({
        accessKeyId: sandbox().other.accessKey,
        secretAccessKey: sandbox().other.secretKey,
      });
      await expect(setObjectCannedAcl(stranger, bucket, 'mine.txt', 'public-read')).rejects.toMatchObject({
        kind: 'access-denied',
      });
      expect(await getObjectAcl(makeSession(), bucket, 'mine.txt')).toMatchObject({ access: 'private' });
    });
  });
});

describe('bucket ACL against RGW', () => {
  it('public-read lets anyone list the keys (not read them); private stops it', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['listed.txt', 'secret body']]);
      const session = makeSession();
      const listUrl = `${sandbox().endpoint}/${bucket}?list-type=2`;
      expect(await getBucketAcl(session, bucket)).toMatchObject({ access: 'private' });
      expect((await fetch(listUrl)).status).toBe(403);

      expect(await setBucketCannedAcl(session, bucket, 'public-read')).toMatchObject({ access: 'public' });
      const listing = await fetch(listUrl);
      expect(listing.status).toBe(200);
      expect(await listing.text()).toContain('<Key>listed.txt</Key>');
      expect((await fetch(objectUrl(bucket, 'listed.txt'))).status).toBe(403);

      expect(await setBucketCannedAcl(session, bucket, 'private')).toMatchObject({ access: 'private' });
      expect((await fetch(listUrl)).status).toBe(403);
    });
  });
});

/**
 * Servers without ACLs cannot be had here (RGW does ACLs), so a small local fake answers the ACL calls the way
 * MinIO, AWS (ACLs disabled) and R2 do; the SDK and the app's error mapping are the real ones.
 */
describe('servers without ACLs', () => {
  type Behaviour = 'not-implemented' | 'acl-disabled' | 'ignores';
  let behaviour: Behaviour = 'not-implemented';
  let server: http.Server;
  let endpoint = '';
  const PRIVATE_ACL = `<?xml version="1.0" encoding="UTF-8"?><AccessControlPolicy><Owner><ID>me</ID></Owner><AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>me</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`;
  const error = (code: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      const xml = (status: number, body: string) =>
        res.writeHead(status, { 'content-type': 'application/xml' }).end(body);
      if (behaviour === 'not-implemented') return xml(501, error('NotImplemented'));
      if (behaviour === 'acl-disabled' && req.method === 'PUT')
        return xml(400, error('AccessControlListNotSupported'));
      if (req.method === 'PUT') return xml(200, ''); // R2-like: accepted, ignored.
      xml(200, PRIVATE_ACL);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('NotImplemented (MinIO) becomes a typed "unsupported" answer with the reason', async () => {
    behaviour = 'not-implemented';
    const session = makeSession({ endpoint });
    const read = await getObjectAcl(session, 'b', 'k');
    expect(read).toMatchObject({ supported: false, code: 'NotImplemented' });
    expect(!read.supported && read.reason).toMatch(/does not support ACLs/);
    expect(await getBucketAcl(session, 'b')).toMatchObject({ supported: false, code: 'NotImplemented' });
  });

  it('AccessControlListNotSupported (AWS, ACLs disabled) is "unsupported" when setting', async () => {
    behaviour = 'acl-disabled';
    const session = makeSession({ endpoint });
    expect(await getObjectAcl(session, 'b', 'k')).toMatchObject({ supported: true, access: 'private' });
    const set = await setObjectCannedAcl(session, 'b', 'k', 'public-read');
    expect(set).toMatchObject({ supported: false, code: 'AccessControlListNotSupported' });
    expect(!set.supported && set.reason).toMatch(/ACLs turned off/);
  });

  it('a server that accepts the change and ignores it (R2) is found out by reading back', async () => {
    behaviour = 'ignores';
    const set = await setObjectCannedAcl(makeSession({ endpoint }), 'b', 'k', 'public-read');
    expect(set).toMatchObject({ supported: false, code: 'Ignored' });
  });
});

describe('share links against RGW', () => {
  const body = 'exact bytes \u00fc\u00f1\u00ef \ud83d\ude00\n'.repeat(50);

  it('a 1-hour link names the real endpoint, says X-Amz-Expires=3600 and serves the exact bytes', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['a b/r\u00e9sum\u00e9.txt', body]]);
      const session = makeSession();
      const link = await presignShareLink(session, {
        bucket,
        key: 'a b/r\u00e9sum\u00e9.txt',
        expiresIn: 3600,
      });
      const url = new URL(link.url);
      expect(url.origin).toBe(sandbox().endpoint);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
      expect(link.expiresAt.getTime() - link.signedAt.getTime()).toBe(3_600_000);
      const response = await fetch(link.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(body);
      expect(response.headers.get('content-disposition')).toBeNull();

      const download = await presignShareLink(session, {
        bucket,
        key: 'a b/r\u00e9sum\u00e9.txt',
        expiresIn: 60,
        download: 'r\u00e9sum\u00e9.txt',
      });
      const saved = await fetch(download.url);
      expect(saved.headers.get('content-disposition')).toBe(
        `attachment; filename="r_sum_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`,
      );
    });
  });

  it('the public URL is the plain one, and the anonymous check tells public from private', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['pub.txt', 'hi']]);
      const session = makeSession();
      const plain = await publicObjectUrl(session, bucket, 'pub.txt');
      expect(plain).toBe(`${sandbox().endpoint}/${bucket}/pub.txt`);
      expect(await checkAnonymous(session, bucket, plain)).toEqual({ answered: true, status: 403 });
      await setObjectCannedAcl(session, bucket, 'pub.txt', 'public-read');
      expect(await checkAnonymous(session, bucket, plain)).toEqual({ answered: true, status: 200 });
    });
  });

  it('caps a link at the keys’ expiry (temporary credentials)', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['t.txt', 't']]);
      const session = makeSession();
      expect(await credentialLife(session)).toEqual({ temporary: false, expiration: undefined });
      const link = await presignShareLink(session, {
        bucket,
        key: 't.txt',
        expiresIn: 604_800,
        notAfter: new Date(Date.now() + 10 * 60_000),
      });
      const expires = Number(new URL(link.url).searchParams.get('X-Amz-Expires'));
      expect(expires).toBeGreaterThan(590);
      expect(expires).toBeLessThanOrEqual(600);
    });
  });

  it('with this computer’s clock 3 hours behind, links signed with the server’s time still work', async () => {
    await withTempBucket(async (bucket) => {
      await putObjects(bucket, [['clock.txt', 'tick']]);
      const session = makeSession();
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() - 3 * 3600_000);
        const clock = await measureServerClock(session, bucket, 'clock.txt');
        expect(clock.known).toBe(true);
        expect(Math.abs(clock.offsetMs - 3 * 3600_000)).toBeLessThan(5000);

        const naive = await presignShareLink(session, { bucket, key: 'clock.txt', expiresIn: 600 });
        expect((await fetch(naive.url)).status).toBe(403); // born expired: signed 3 h ago for 10 min

        const right = await presignShareLink(session, {
          bucket,
          key: 'clock.txt',
          expiresIn: 600,
          clockOffsetMs: clock.offsetMs,
        });
        const response = await fetch(right.url);
        expect(response.status).toBe(200);
        expect(await response.text()).toBe('tick');
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
