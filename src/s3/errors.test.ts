import { describe, expect, it } from 'vitest';
import { expectedRegion, toS3AppError, unreadableFileError } from './errors';
import { RelayErrorCode } from './relay-protocol';

/** An error as the SDK throws it for an S3 error answer: name = <Code>, body fields copied on, $metadata. */
function sdkError(fields: Record<string, unknown>, status: number, headers: Record<string, string> = {}) {
  return Object.assign(new Error(String(fields.message ?? '')), {
    ...fields,
    $metadata: { httpStatusCode: status, requestId: 'REQ1' },
    $response: { statusCode: status, headers },
  });
}

const aws = { endpoint: 'https://s3.us-east-1.amazonaws.com', region: 'us-east-1', bucket: 'photos' };

describe('wrong region', () => {
  it('AuthorizationHeaderMalformed names the right region and what to do', () => {
    const error = toS3AppError(
      sdkError(
        {
          name: 'AuthorizationHeaderMalformed',
          message:
            "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
          Region: 'eu-west-1',
        },
        400,
      ),
      aws,
    );
    expect(error.kind).toBe('wrong-region');
    expect(error.message).toBe(
      'Bucket "photos" is in region eu-west-1, but this connection signs for us-east-1.',
    );
    expect(error.hint).toBe(
      'Disconnect, then connect again with Region set to eu-west-1 and endpoint https://s3.eu-west-1.amazonaws.com.',
    );
    expect(error.details).toBe('AuthorizationHeaderMalformed · HTTP 400 · request REQ1');
  });

  it('the region is read from the message when the body has no <Region>', () => {
    const error = toS3AppError(
      sdkError(
        {
          name: 'AuthorizationHeaderMalformed',
          message:
            "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-south-1'",
        },
        400,
      ),
      { endpoint: 'https://storage.example.com', region: 'us-east-1' },
    );
    expect(error.kind).toBe('wrong-region');
    expect(error.message).toBe(
      'https://storage.example.com expects region ap-south-1, but this connection signs for us-east-1.',
    );
    // Not an AWS regional endpoint: only the region is to change.
    expect(error.hint).toBe('Disconnect, then connect again with Region set to ap-south-1.');
  });

  it('301 PermanentRedirect takes the region from x-amz-bucket-region', () => {
    const error = toS3AppError(
      sdkError(
        {
          name: 'PermanentRedirect',
          message: 'The bucket you are attempting to access must be addressed using the specified endpoint.',
          Endpoint: 'photos.s3.eu-central-1.amazonaws.com',
        },
        301,
        { 'x-amz-bucket-region': 'eu-central-1' },
      ),
      aws,
    );
    expect(error.kind).toBe('wrong-region');
    expect(error.message).toContain('is in region eu-central-1');
    expect(error.hint).toContain('Region set to eu-central-1');
  });

  it('PermanentRedirect without the header takes the region from <Endpoint>', () => {
    expect(expectedRegion({ name: 'PermanentRedirect', Endpoint: 'photos.s3.eu-west-3.amazonaws.com' })).toBe(
      'eu-west-3',
    );
    expect(expectedRegion({ name: 'PermanentRedirect', Endpoint: 's3-us-west-2.amazonaws.com' })).toBe(
      'us-west-2',
    );
  });

  it('a HEAD answer (no body) with 301 and the header is a wrong region too', () => {
    const error = toS3AppError(
      sdkError({ name: 'MovedPermanently' }, 301, { 'x-amz-bucket-region': 'sa-east-1' }),
      aws,
    );
    expect(error.kind).toBe('wrong-region');
    expect(error.message).toContain('sa-east-1');
  });

  it('a wrong region without a named one still says so and what to ask', () => {
    const error = toS3AppError(sdkError({ name: 'PermanentRedirect', message: 'moved' }, 301), aws);
    expect(error.kind).toBe('wrong-region');
    expect(error.message).toBe('Bucket "photos" is in another region than us-east-1.');
    expect(error.hint).toContain('Ask the provider which region');
  });

  it('a malformed header that is not about the region is not called a wrong region', () => {
    const error = toS3AppError(
      sdkError(
        { name: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed.' },
        400,
      ),
      aws,
    );
    expect(error.kind).not.toBe('wrong-region');
  });

  it('garbage in the region fields is ignored, never echoed', () => {
    expect(expectedRegion({ Region: '<img src=x onerror=alert(1)>' })).toBeUndefined();
    expect(expectedRegion({ message: "expecting 'a b'" })).toBeUndefined();
  });
});

describe('other mappings', () => {
  it('a network failure is unreachable and names the endpoint', () => {
    const error = toS3AppError(new TypeError('Failed to fetch'), { endpoint: 'http://127.0.0.1:9' });
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe('Could not reach http://127.0.0.1:9.');
  });

  it('SlowDown is a server error to wait out', () => {
    const error = toS3AppError(sdkError({ name: 'SlowDown' }, 503), aws);
    expect(error.kind).toBe('server-error');
  });
});

describe('a file that can no longer be read', () => {
  it('is named as the file\u2019s problem, with what to do', async () => {
    const gone = {
      slice: () => ({
        arrayBuffer: () => Promise.reject(Object.assign(new Error('gone'), { name: 'NotFoundError' })),
      }),
    } as unknown as Blob;
    const error = await unreadableFileError(gone);
    expect(error?.kind).toBe('file-unreadable');
    expect(error?.message).toContain('deleted, moved or changed');
    expect(error?.hint).toContain('drop or pick it again');
    expect(error?.code).toBe('NotFoundError');
  });

  it('a readable file is not a problem (the failure was the network\u2019s)', async () => {
    expect(await unreadableFileError(new Blob(['x']))).toBeNull();
  });
});

describe('a quota used up', () => {
  it('says there is no room, naming the file, instead of "try again"', () => {
    const error = toS3AppError(sdkError({ name: 'QuotaExceeded' }, 403), { ...aws, key: 'in/big ü.bin' });
    expect(error.kind).toBe('quota-exceeded');
    expect(error.message).toBe(
      'No room for "in/big ü.bin" in bucket "photos": its storage quota (or its owner\'s) is used up.',
    );
    expect(error.hint).toBe(
      'Delete what is no longer needed there, or ask whoever runs the server to raise the quota.',
    );
  });
});

describe('a key over 1024 bytes', () => {
  it('a bare 400 (HEAD has no body) for a long key says so, not "not an S3 server"', () => {
    const key = 'k'.repeat(1030);
    const error = toS3AppError(sdkError({ name: 'Unknown' }, 400), { ...aws, key });
    expect(error.kind).toBe('key-too-long');
    expect(error.message).toBe('The key is 1030 bytes long; S3 allows 1024 bytes.');
  });

  it('KeyTooLongError is named', () => {
    expect(toS3AppError(sdkError({ name: 'KeyTooLongError' }, 400), aws).kind).toBe('key-too-long');
  });
});

describe('the app server\u2019s own error codes', () => {
  const local = { endpoint: 'http://127.0.0.1:7480', bucket: 'b' };
  const statusOf: Record<RelayErrorCode, number> = {
    RelayBadRequest: 400,
    RelayTargetNotAllowed: 403,
    RelayUpstreamUnreachable: 502,
    RelayUpstreamTimeout: 504,
    RelayBadUpstreamResponse: 502,
    RelayHostNotAllowed: 421,
    RelayCrossSite: 403,
    RelayBusy: 503,
    RelayBodyTimeout: 408,
    MethodNotAllowed: 405,
    MissingContentLength: 411,
    EntityTooLarge: 413,
  };

  it.each(Object.values(RelayErrorCode))('%s has its own message and says what to do', (code) => {
    const error = toS3AppError(sdkError({ name: code, message: 'server text' }, statusOf[code]), local);
    expect(error.kind).not.toBe('unknown');
    expect(error.kind).not.toBe('not-s3');
    expect(error.message).not.toContain(code === 'MethodNotAllowed' ? 'server text' : code);
    expect(error.hint.length).toBeGreaterThan(20);
    expect(error.details).toBe(`${code} · HTTP ${statusOf[code]} · request REQ1`);
  });

  it('names where the trouble is: the endpoint, or this app\u2019s server', () => {
    const say = (code: RelayErrorCode) => toS3AppError(sdkError({ name: code }, statusOf[code]), local);
    expect(say(RelayErrorCode.UpstreamTimeout)).toMatchObject({
      kind: 'unreachable',
      message: 'http://127.0.0.1:7480 stopped answering the app\u2019s relay.',
    });
    expect(say(RelayErrorCode.HostNotAllowed).hint).toContain('S3FM_HOSTS');
    expect(say(RelayErrorCode.TargetNotAllowed).hint).toContain('S3FM_RELAY_ALLOW');
    expect(say(RelayErrorCode.Busy)).toMatchObject({ kind: 'server-error' });
    expect(say(RelayErrorCode.CrossSite).message).toBe(
      'This app\u2019s server refused a request that came from another site.',
    );
  });
});
