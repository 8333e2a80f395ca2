import { Sha256Js } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { HeaderSigner } from './header-signer';
import { canonicalQuery } from './sigv4';

const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const now = new Date('2026-12-06T23:59:30.123Z');

/** The SDK's own signer, as the S3 client configures it (no double encoding of the path). */
async function sdkHeaders(request: {
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  sessionToken?: string;
}) {
  const signer = new SignatureV4({
    credentials: { ...credentials, sessionToken: request.sessionToken },
    region: 'eu-central-1',
    service: 's3',
    sha256: Sha256Js,
    uriEscapePath: false,
  });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'PUT',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 7480,
      path: request.path,
      query: request.query,
      headers: {
        host: '127.0.0.1:7480',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        ...request.headers,
      },
    }),
    { signingDate: now },
  );
  return signed.headers;
}

describe('HeaderSigner', () => {
  it('signs a copy with a hard key as the SDK signs it', async () => {
    const path = '/bucket/a%20b/%2B%25%23%3F%26%C3%BC%21%28%29/..//x';
    const headers = {
      'x-amz-copy-source': 'bucket/src/%2B%25%23%3F%26%C3%BC',
      'x-amz-copy-if-match': '"abc"',
    };
    const ours = await new HeaderSigner(credentials, 'eu-central-1').sign(
      { method: 'PUT', host: '127.0.0.1:7480', path, headers },
      now,
    );
    const sdk = await sdkHeaders({ path, headers });
    expect(ours.authorization).toBe(sdk.authorization);
    expect(ours['x-amz-date']).toBe('20261206T235930Z');
  });

  it('signs a query and a session token as the SDK does', async () => {
    const query = { acl: '', versionId: 'v1.a-b' };
    const signer = new HeaderSigner({ ...credentials, sessionToken: 'token/+=' }, 'eu-central-1');
    const ours = await signer.sign({ method: 'PUT', host: '127.0.0.1:7480', path: '/b/k', query }, now);
    const sdk = await sdkHeaders({ path: '/b/k', query, headers: {}, sessionToken: 'token/+=' });
    expect(ours.authorization).toBe(sdk.authorization);
    expect(ours['x-amz-security-token']).toBe('token/+=');
    expect(canonicalQuery(query)).toBe('acl=&versionId=v1.a-b');
  });
});
