import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS, TEST_PROFILE, testSession } from '../testing/test-session';
import { S3Session } from './session';

describe('S3Session routing', () => {
  const session = testSession();

  it('a presigned request goes through the relay, with the signed path in a header, when its bucket needs it', () => {
    const relayed = testSession({ transport: 'relay' });
    const url = 'http://127.0.0.1:7480/b/a%20b?X-Amz-Signature=abc&x-id=PutObject';
    expect(relayed.routeSigned('b', url)).toEqual({
      url: 'http://app.test/_relay/s3',
      headers: {
        'x-s3fm-target': 'http://127.0.0.1:7480',
        'x-s3fm-path': '/b/a%20b?X-Amz-Signature=abc&x-id=PutObject',
      },
    });
    expect(session.routeSigned('b', url)).toEqual({ url, headers: {} });
  });

  it('reads an object\u2019s headers through the relay in auto mode: the page sees only what CORS exposes', () => {
    const relay = { relay: true as const, allowedEndpoints: [TEST_PROFILE.endpoint] };
    const withRelay = (transport: 'auto' | 'direct' | 'relay') =>
      new S3Session({ ...TEST_PROFILE, transport }, TEST_CREDENTIALS, relay, 'http://app.test');
    expect(withRelay('auto').headersRoute('b')).toBe('relay');
    expect(withRelay('auto').routeFor('b')).toBe('direct');
    // Direct was chosen: no request goes through the app's server, so the bucket's CORS rule decides.
    expect(withRelay('direct').headersRoute('b')).toBe('direct');
    expect(withRelay('relay').headersRoute('b')).toBe('relay');
    // No relay to use (a static host, or an endpoint it does not serve).
    expect(testSession({ transport: 'auto' }).headersRoute('b')).toBe('direct');
  });

  it('sendSigned hands the sender the routed request, with the caller\u2019s headers kept', async () => {
    const relayed = testSession({ transport: 'relay' });
    const url = 'http://127.0.0.1:7480/b/k?X-Amz-Signature=abc';
    const seen = await relayed.sendSigned(
      'b',
      { url, headers: { 'Content-Type': 'text/plain' } },
      async (r) => r,
    );
    expect(seen).toEqual({
      url: 'http://app.test/_relay/s3',
      headers: {
        'Content-Type': 'text/plain',
        'x-s3fm-target': 'http://127.0.0.1:7480',
        'x-s3fm-path': '/b/k?X-Amz-Signature=abc',
      },
    });
  });

  it('maps an error answer read by fetch as the SDK path would', async () => {
    const answer = new Response('<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>', {
      status: 404,
      headers: { 'x-amz-request-id': 'R1' },
    });
    const error = await session.answerError(answer, { bucket: 'b' });
    expect(error).toMatchObject({
      kind: 'no-such-bucket',
      code: 'NoSuchBucket',
      status: 404,
      requestId: 'R1',
    });
  });
});
