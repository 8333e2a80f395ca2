import { describe, expect, it } from 'vitest';
import { parseCopyObjectResult } from './copy-object';

// RGW's answer to a CopyObject (its ETag unquoted, as RGW sends it; AWS quotes it as an entity).
const RGW = `<?xml version="1.0" encoding="UTF-8"?><CopyObjectResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><LastModified>2026-12-06T20:00:00.000Z</LastModified><ETag>9b2cf535f27731c974343645a3985328</ETag></CopyObjectResult>`;

describe('parseCopyObjectResult', () => {
  it('reads the ETag of a copy, quoted or not', () => {
    expect(parseCopyObjectResult(RGW)).toEqual({ etag: '9b2cf535f27731c974343645a3985328' });
    const aws = RGW.replace('<ETag>9b2c', '<ETag>&quot;9b2c').replace('328</ETag>', '328&quot;</ETag>');
    expect(parseCopyObjectResult(`${aws}\n`)).toEqual({ etag: '"9b2cf535f27731c974343645a3985328"' });
  });

  it('leaves an error sent with status 200, or a cut-off answer, to the SDK', () => {
    expect(parseCopyObjectResult('<Error><Code>InternalError</Code></Error>')).toBeUndefined();
    expect(parseCopyObjectResult(RGW.slice(0, -20))).toBeUndefined();
    expect(parseCopyObjectResult('')).toBeUndefined();
  });
});
