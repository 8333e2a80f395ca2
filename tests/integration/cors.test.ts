import type http from 'node:http';
import { GetBucketCorsCommand, PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyCorsRule, getBucketCors } from '../../src/s3/cors';
import { appCorsRuleId, corsCoverage } from '../../src/s3/cors-rules';
import { useRelayServer } from './relay-server';
import { adminClient, makeSession, rejection, sandbox, withTempBucket } from './sandbox';

const ORIGIN = 'http://files.example.test:8080';
const OTHER = 'https://other.example.test';
/** What Chromium asks for before a signed SDK call (lower-case, sorted, as browsers send them). */
const SDK_HEADERS =
  'amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-content-sha256,x-amz-date,x-amz-user-agent';

/** A browser's preflight, sent by hand: RGW decides it server-side, so Node sees exactly what Chromium would. */
async function preflight(bucket: string, origin: string, method: string, headers = SDK_HEADERS) {
  const response = await fetch(`${sandbox().endpoint}/${bucket}/some/key.txt`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': headers,
    },
  });
  return {
    status: response.status,
    allowOrigin: response.headers.get('access-control-allow-origin'),
    expose: response.headers.get('access-control-expose-headers') ?? '',
  };
}

const putRules = (
  bucket: string,
  CORSRules: { AllowedOrigins: string[]; AllowedMethods: string[]; AllowedHeaders?: string[] }[],
) => adminClient().send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules } }));

describe('CORS rule for the app', () => {
  it('a bucket without CORS has no rules (not an error), and every preflight fails', async () => {
    await withTempBucket(async (bucket) => {
      expect(await getBucketCors(makeSession(), bucket)).toEqual([]);
      expect((await preflight(bucket, ORIGIN, 'GET')).status).toBe(403);
    });
  });

  it('applying it makes every method and SDK header pass the preflight, with ETag exposed', async () => {
    await withTempBucket(async (bucket) => {
      const { changed } = await applyCorsRule(makeSession(), bucket, ORIGIN);
      expect(changed).toBe(true);
      for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'HEAD']) {
        const answer = await preflight(
          bucket,
          ORIGIN,
          method,
          `${SDK_HEADERS},content-md5,x-amz-checksum-crc32,range`,
        );
        expect(answer, method).toMatchObject({ status: 200, allowOrigin: ORIGIN });
        expect(answer.expose).toContain('ETag');
        expect(answer.expose).toContain('x-amz-version-id');
      }
      // Only this origin: another page is still refused.
      expect((await preflight(bucket, OTHER, 'GET')).status).toBe(403);
    });
  });

  it('merges: other rules are kept, this app’s rule goes first, and applying twice changes nothing', async () => {
    await withTempBucket(async (bucket) => {
      await putRules(bucket, [{ AllowedOrigins: [OTHER], AllowedMethods: ['GET'], AllowedHeaders: ['*'] }]);
      const session = makeSession();
      await applyCorsRule(session, bucket, ORIGIN);
      const stored = await adminClient().send(new GetBucketCorsCommand({ Bucket: bucket }));
      expect(stored.CORSRules?.map((r) => r.ID ?? r.AllowedOrigins?.[0])).toEqual([
        appCorsRuleId(ORIGIN),
        OTHER,
      ]);
      expect((await preflight(bucket, OTHER, 'GET')).status).toBe(200);
      expect((await preflight(bucket, ORIGIN, 'PUT')).status).toBe(200);

      const again = await applyCorsRule(session, bucket, ORIGIN);
      expect(again.changed).toBe(false);
      expect((await getBucketCors(session, bucket)).length).toBe(2);
    });
  });

  it('a narrower rule that matches every origin no longer hides it (RGW uses the first origin match)', async () => {
    await withTempBucket(async (bucket) => {
      await putRules(bucket, [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] }]);
      // Measured: with the "*" GET rule first, RGW refuses PUT from any origin, even with a wider rule after it.
      expect((await preflight(bucket, ORIGIN, 'PUT')).status).toBe(403);
      const session = makeSession();
      expect(corsCoverage(await getBucketCors(session, bucket), ORIGIN)).toMatchObject({
        covered: false,
        missing: expect.arrayContaining(['PUT', 'DELETE', 'ExposeHeaders ETag']),
      });
      await applyCorsRule(session, bucket, ORIGIN);
      expect((await preflight(bucket, ORIGIN, 'PUT')).status).toBe(200);
      expect((await preflight(bucket, OTHER, 'GET')).status).toBe(200);
      expect((await preflight(bucket, OTHER, 'PUT')).status).toBe(403);
      expect(corsCoverage(await getBucketCors(session, bucket), ORIGIN).covered).toBe(true);
    });
  });

  it('another user may not change the bucket’s rules: access-denied, nothing written', async () => {
    await withTempBucket(async (bucket) => {
      const { other } = sandbox();
      const session = makeSession({ accessKeyId: other.accessKey, secretAccessKey: other.secretKey });
      const error = await rejection(applyCorsRule(session, bucket, ORIGIN));
      expect(error.kind).toBe('access-denied');
      expect(await getBucketCors(makeSession(), bucket)).toEqual([]);
    });
  });
});

describe('the doctor’s path: a direct session applies the rule through the relay', () => {
  const relay = useRelayServer();
  let relayed = 0;

  beforeAll(() => {
    relay.server.on('request', (request: http.IncomingMessage) => {
      if (request.url?.startsWith('/_relay/s3')) relayed++;
    });
  });

  it('sends GetBucketCors and PutBucketCors via the relay although the session is direct', async () => {
    await withTempBucket(async (bucket) => {
      const session = makeSession({
        transport: 'direct',
        relay: { relay: true, allowedEndpoints: [sandbox().endpoint] },
        origin: relay.origin,
      });
      expect(session.routeFor(bucket)).toBe('direct');
      const before = relayed;
      await applyCorsRule(session, bucket, relay.origin, { via: 'relay' });
      expect(relayed - before).toBe(2);
      expect((await preflight(bucket, relay.origin, 'DELETE')).status).toBe(200);
    });
  });
});
