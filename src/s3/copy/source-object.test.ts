import { describe, expect, it } from 'vitest';
import { asciiHeaderValue, checkExpected, type SourceObject } from './source-object';

describe('asciiHeaderValue', () => {
  it('keeps ASCII and RFC 2047-encodes the rest, from header bytes or typed text', () => {
    expect(asciiHeaderValue('plain value-1')).toBe('plain value-1');
    // "zoë" as a header arrives: its UTF-8 bytes, one char each.
    expect(asciiHeaderValue('zo\u00c3\u00ab')).toBe('=?UTF-8?B?em/Dqw==?=');
    expect(asciiHeaderValue('zoë 😀')).toBe('=?UTF-8?B?em/DqyDwn5iA?=');
  });
});

describe('checkExpected', () => {
  const source = {
    bucket: 'b',
    key: 'a/x.txt',
    size: 3,
    etag: 'abc',
    headers: { metadata: {} },
  } as SourceObject;
  it('accepts what was listed (quoted or not) and refuses another version, naming the file', () => {
    expect(() => checkExpected(source, { etag: '"abc"', size: 3 })).not.toThrow();
    expect(() => checkExpected(source, undefined)).not.toThrow();
    expect(() => checkExpected(source, { etag: 'abd' })).toThrow(/"x\.txt" changed/);
    expect(() => checkExpected(source, { size: 4 })).toThrow(/"x\.txt" changed/);
  });
});
