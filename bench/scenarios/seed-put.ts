import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { Sandbox } from '../types';

/**
 * PutObject for seeding, from Node with node:http and a SigV4 signature made here (path-style URL, unsigned
 * payload). The SDK's client spent about as much CPU per PUT as RGW itself, on a machine where RGW's CPU is what
 * limits seeding; this costs a small fraction of that. For seeding only: no retries, any answer but 200 throws.
 */
export function seedPutter(sandbox: Sandbox, inFlight: number) {
  const endpoint = new URL(sandbox.endpoint);
  if (endpoint.protocol !== 'http:') throw new Error(`seeding speaks plain http, not ${endpoint.protocol}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  const keys = new Map<string, Buffer>();
  /** The day's signing key (SigV4 derives one per date, region and service). */
  const signingKey = (day: string) => {
    let key = keys.get(day);
    if (!key) {
      const hmac = (k: string | Buffer, data: string) => createHmac('sha256', k).update(data).digest();
      key = hmac(hmac(hmac(hmac(`AWS4${sandbox.secretKey}`, day), sandbox.region), 's3'), 'aws4_request');
      keys.set(day, key);
    }
    return key;
  };
  const put = (bucket: string, key: string, body: Uint8Array): Promise<void> => {
    const path = `/${encodeSegment(bucket)}/${key.split('/').map(encodeSegment).join('/')}`;
    const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    const day = amzDate.slice(0, 8);
    const scope = `${day}/${sandbox.region}/s3/aws4_request`;
    const signed = 'host;x-amz-content-sha256;x-amz-date';
    const canonical = [
      'PUT',
      path,
      '',
      `host:${endpoint.host}`,
      'x-amz-content-sha256:UNSIGNED-PAYLOAD',
      `x-amz-date:${amzDate}`,
      '',
      signed,
      'UNSIGNED-PAYLOAD',
    ].join('\n');
    const toSign = [
      'AWS4-HMAC-SHA256',
      amzDate,
      scope,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    const signature = createHmac('sha256', signingKey(day)).update(toSign).digest('hex');
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: endpoint.hostname,
          port: endpoint.port,
          method: 'PUT',
          path,
          headers: {
            host: endpoint.host,
            'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
            'x-amz-date': amzDate,
            'content-length': body.byteLength,
            authorization: `AWS4-HMAC-SHA256 Credential=${sandbox.accessKey}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            response.statusCode === 200
              ? resolve()
              : reject(new Error(`seeding PUT ${path}: ${response.statusCode} ${Buffer.concat(chunks)}`)),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  };
  return { put, close: () => agent.destroy() };
}

/** A path segment as SigV4 encodes it (RFC 3986: encodeURIComponent leaves !'()* as they are). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
