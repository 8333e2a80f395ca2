import { describe, expect, it } from 'vitest';
import { zipEntryName } from './zip-download';

describe('zipEntryName', () => {
  it('names entries relative to the downloaded folder', () => {
    expect(zipEntryName('docs/a/b.txt', 'docs/')).toBe('a/b.txt');
    expect(zipEntryName('docs/empty/', 'docs/')).toBe('empty/');
  });
  it('never lets an entry climb out of the extraction folder', () => {
    expect(zipEntryName('../../etc/passwd', '')).toBe('_/_/etc/passwd');
    expect(zipEntryName('/abs.txt', '')).toBe('_/abs.txt');
    expect(zipEntryName('a//b/./c', '')).toBe('a/_/b/_/c');
  });
});
