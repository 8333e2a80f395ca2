import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BATCH_BYTES, type BatchedAnswer } from '../src/s3/relay-protocol';
import { createAppServer } from './app';
import { parseRequestBatch } from './request-batch';
import { close, listen, send, testConfig } from './test-utils';

const ALLOWED = ['http://127.0.0.1:7480'];
const copy = {
  method: 'PUT',
  path: '/bucket/b?x-id=CopyObject',
  headers: { 'x-amz-copy-source': 'bucket/a' },
};
const body = (batch: unknown) => Buffer.from(JSON.stringify(batch));

describe('parseRequestBatch', () => {
  it('takes signed requests without bodies for an allowed endpoint', () => {
    const parsed = parseRequestBatch(body({ target: ALLOWED[0], requests: [copy] }), ALLOWED);
    expect(parsed).toMatchObject({ ok: true, requests: [copy] });
  });

  it.each([
    ['an endpoint the operator did not allow', { target: 'http://10.0.0.1:80', requests: [copy] }, 403],
    ['a cloud metadata address', { target: 'http://169.254.169.254', requests: [copy] }, 403],
    ['no requests', { target: ALLOWED[0], requests: [] }, 400],
    ['too many requests', { target: ALLOWED[0], requests: Array(201).fill(copy) }, 400],
    ['a POST (it would need a body)', { target: ALLOWED[0], requests: [{ ...copy, method: 'POST' }] }, 400],
    ['a method S3 does not use', { target: ALLOWED[0], requests: [{ ...copy, method: 'CONNECT' }] }, 400],
    [
      'a path that names another host',
      { target: ALLOWED[0], requests: [{ ...copy, path: '//evil/x' }] },
      400,
    ],
    [
      'a header that is not a string',
      { target: ALLOWED[0], requests: [{ ...copy, headers: { a: 1 } }] },
      400,
    ],
    ['a batch that is not an object', [copy], 400],
  ])('refuses %s', (_what, batch, status) => {
    expect(parseRequestBatch(body(batch), ALLOWED)).toMatchObject({ ok: false, status });
  });

  it('refuses what is not JSON', () => {
    expect(parseRequestBatch(Buffer.from('{'), ALLOWED)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('the request batch endpoint', () => {
  let endpoint: http.Server;
  let target: string;
  const seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let app: http.Server;
  let port: number;

  beforeAll(async () => {
    endpoint = http.createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: text });
        res.writeHead(200, {
          ETag: '"abc"',
          'Set-Cookie': 'a=b',
          Location: 'http://evil/',
          'x-amz-request-id': 'r1',
        });
        res.end('<CopyObjectResult><ETag>abc</ETag></CopyObjectResult>');
      });
    });
    target = `http://127.0.0.1:${await listen(endpoint)}`;
    app = createAppServer(testConfig({ relayAllow: [target, 'http://127.0.0.1:1'] }));
    port = await listen(app);
  });
  afterAll(async () => {
    await close(app);
    await close(endpoint);
  });

  const post = (batch: unknown) =>
    send(port, {
      method: 'POST',
      path: '/_relay/requests',
      headers: { 'content-type': 'application/octet-stream' },
      body: body(batch),
    });
  const lines = (text: Buffer) =>
    text
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BatchedAnswer);

  it('forwards each request with the relay’s headers only, and answers one line per request', async () => {
    seen.length = 0;
    const headers = {
      ...copy.headers,
      authorization: 'AWS4-HMAC-SHA256 Credential=x',
      cookie: 'session=1',
      'x-forwarded-for': '1.2.3.4',
      'content-length': '99',
    };
    const reply = await post({
      target,
      requests: [
        { ...copy, headers },
        { ...copy, method: 'DELETE' },
      ],
    });
    expect(reply.status).toBe(200);
    const answers = lines(reply.body).sort((a, b) => a.i - b.i);
    expect(answers.map((a) => [a.i, a.status])).toEqual([
      [0, 200],
      [1, 200],
    ]);
    expect(answers[0].headers).toEqual({
      etag: '"abc"',
      'x-amz-request-id': 'r1',
      date: expect.any(String),
    });
    expect(answers[0].body).toContain('<ETag>abc</ETag>');
    const put = seen.find((request) => request.method === 'PUT')!;
    expect(put.url).toBe(copy.path);
    expect(put.headers).toMatchObject({
      host: new URL(target).host,
      'x-amz-copy-source': 'bucket/a',
      authorization: 'AWS4-HMAC-SHA256 Credential=x',
      'content-length': '0',
    });
    expect(put.headers.cookie).toBeUndefined();
    expect(put.headers['x-forwarded-for']).toBeUndefined();
    expect(put.body).toBe('');
  });

  it('answers an unreachable endpoint per request, in S3’s error format', async () => {
    const reply = await post({ target: 'http://127.0.0.1:1', requests: [copy] });
    const [answer] = lines(reply.body);
    expect(answer).toMatchObject({ i: 0, status: 502 });
    expect(answer.body).toContain('<Code>RelayUpstreamUnreachable</Code>');
  });

  it('takes POST of application/octet-stream only, within its cap', async () => {
    expect((await send(port, { path: '/_relay/requests' })).status).toBe(405);
    const asForm = await send(port, {
      method: 'POST',
      path: '/_relay/requests',
      headers: { 'content-type': 'text/plain' },
      body: body({ target, requests: [copy] }),
    });
    expect(asForm.status).toBe(415);
    const tooLarge = await send(port, {
      method: 'POST',
      path: '/_relay/requests',
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(MAX_REQUEST_BATCH_BYTES + 1),
      },
    });
    expect(tooLarge.status).toBe(413);
  });
});
