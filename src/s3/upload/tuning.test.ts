import { describe, expect, it } from 'vitest';
import { parseUploadTuning } from './tuning';

describe('parseUploadTuning', () => {
  it('takes known, sane values and ignores the rest', () => {
    expect(
      parseUploadTuning('{"multipartThreshold":0,"partSize":5242880,"partConcurrency":4,"evil":"x"}'),
    ).toEqual({ plan: { multipartThreshold: 0, partSize: 5242880 }, partConcurrency: 4 });
    expect(parseUploadTuning('{"partConcurrency":1000,"requestLimit":-1,"partSize":"big"}')).toEqual({});
    expect(parseUploadTuning('not json')).toEqual({});
    expect(parseUploadTuning(null)).toEqual({});
  });
});
