import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBucket, listBuckets } from '../../src/s3/buckets';
import type { S3AppError } from '../../src/s3/errors';
import { makeSession, rejection, sandbox } from './sandbox';

/** Everything a person could see of an error: none of it may carry a secret key. */
function visibleText(error: S3AppError): string {
  return [error.message, error.hint, error.details, error.code, error.stack].join('\n');
}

function expectNoSecrets(error: S3AppError, ...secrets: string[]) {
  for (const secret of [sandbox().secretKey, sandbox().other.secretKey, ...secrets]) {
    expect(visibleText(error)).not.toContain(secret);
  }
}

describe('connection errors', () => {
  // A web page where an S3 API was expected (a console, a website, the wrong port). `/<status>/...` picks the status.
  let htmlServer: http.Server;
  let htmlOrigin: string;
  beforeAll(async () => {
    htmlServer = http.createServer((req, res) => {
      const status = Number(/^\/?(\d{3})/.exec(req.url ?? '')?.[1] ?? 200);
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><html><head><title>Console</title></head><body><h1>Welcome</h1></body></html>');
    });
    await new Promise<void>((resolve) => htmlServer.listen(0, '127.0.0.1', resolve));
    htmlOrigin = `http://127.0.0.1:${(htmlServer.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    htmlServer.closeAllConnections();
    await new Promise((resolve) => htmlServer.close(resolve));
  });

  it('a wrong secret key is signature-mismatch', async () => {
    const wrong = 'wrong-secret-key-that-must-not-leak-0001';
    const error = await rejection(listBuckets(makeSession({ secretAccessKey: wrong })));
    expect(error.kind).toBe('signature-mismatch');
    expect(error.code).toBe('SignatureDoesNotMatch');
    expectNoSecrets(error, wrong);
  });

  it('an unknown access key is invalid-access-key', async () => {
    const error = await rejection(listBuckets(makeSession({ accessKeyId: 'NOSUCHACCESSKEY00001' })));
    expect(error.kind).toBe('invalid-access-key');
    expect(error.code).toBe('InvalidAccessKeyId');
    expectNoSecrets(error);
  });

  it('a closed port is unreachable', async () => {
    const error = await rejection(listBuckets(makeSession({ endpoint: 'http://127.0.0.1:1' })));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('http://127.0.0.1:1');
    expectNoSecrets(error);
  });

  it('a server that answers HTML to ListBuckets is not-s3', async () => {
    const error = await rejection(listBuckets(makeSession({ endpoint: htmlOrigin })));
    expect(error.kind).toBe('not-s3');
    expect(error.message).toContain(htmlOrigin);
    expectNoSecrets(error);
  });

  // Path-style: the bucket name is the first path segment, so bucket "403" gets an HTML 403 page, and so on.
  it.each(['200', '403', '404'])(
    'a server that answers an HTML %s to a listing is not-s3',
    async (status) => {
      const error = await rejection(checkBucket(makeSession({ endpoint: htmlOrigin }), status));
      expect(error.kind).toBe('not-s3');
      expectNoSecrets(error);
    },
  );

  it('another user listing demo is access-denied', async () => {
    const { other, bucket } = sandbox();
    const session = makeSession({ accessKeyId: other.accessKey, secretAccessKey: other.secretKey });
    const error = await rejection(checkBucket(session, bucket));
    expect(error.kind).toBe('access-denied');
    expect(error.status).toBe(403);
    expect(error.message).toContain(`"${bucket}"`);
    expectNoSecrets(error);
  });
});

describe('wrong region (a server that answers like AWS)', () => {
  // AWS checks the region in the signature: ListBuckets at a regional endpoint answers AuthorizationHeaderMalformed
  // naming the expected region; a bucket in another region answers 301 PermanentRedirect with x-amz-bucket-region.
  let awsLike: http.Server;
  let origin: string;
  beforeAll(async () => {
    awsLike = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/xml');
      if (req.url?.startsWith('/moved')) {
        res.writeHead(301, { 'x-amz-bucket-region': 'eu-central-1' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PermanentRedirect</Code><Message>The bucket you ' +
            'are attempting to access must be addressed using the specified endpoint. Please send all future ' +
            'requests to this endpoint.</Message><Endpoint>moved.s3.eu-central-1.amazonaws.com</Endpoint>' +
            '<Bucket>moved</Bucket><RequestId>R1</RequestId></Error>',
        );
        return;
      }
      res.writeHead(400);
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>The ' +
          "authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message>" +
          '<Region>eu-west-1</Region><RequestId>R2</RequestId></Error>',
      );
    });
    await new Promise<void>((resolve) => awsLike.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(awsLike.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    awsLike.closeAllConnections();
    await new Promise((resolve) => awsLike.close(resolve));
  });

  it('AuthorizationHeaderMalformed names the expected region and says what to do', async () => {
    const error = await rejection(listBuckets(makeSession({ endpoint: origin })));
    expect(error.kind).toBe('wrong-region');
    expect(error.message).toBe(
      `${origin} expects region eu-west-1, but this connection signs for us-east-1.`,
    );
    expect(error.hint).toBe('Disconnect, then connect again with Region set to eu-west-1.');
    expectNoSecrets(error);
  });

  it('301 PermanentRedirect names the bucket\u2019s region', async () => {
    const error = await rejection(checkBucket(makeSession({ endpoint: origin }), 'moved'));
    expect(error.kind).toBe('wrong-region');
    expect(error.message).toBe(
      'Bucket "moved" is in region eu-central-1, but this connection signs for us-east-1.',
    );
    expect(error.status).toBe(301);
    expectNoSecrets(error);
  });
});
