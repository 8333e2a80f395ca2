import { describe, expect, it } from 'vitest';
import { headerProblems, tagProblems } from './header-rules';

describe('headerProblems', () => {
  it('accepts ordinary headers and metadata', () => {
    expect(headerProblems({ contentType: 'text/plain', metadata: { 'my-name_1.x': 'value ü' } })).toEqual([]);
  });

  it('names bad metadata names, metadata over 2 KB and multi-line values', () => {
    expect(headerProblems({ metadata: { 'Has Space': 'v' } })).toHaveLength(1);
    expect(headerProblems({ metadata: { big: 'x'.repeat(2046) } })[0]).toMatch(/2049 bytes; S3 allows 2048/);
    expect(headerProblems({ cacheControl: 'a\r\nb', metadata: {} })).toEqual([
      'Header values must fit on one line.',
    ]);
  });
});

describe('tagProblems', () => {
  it('allows up to 10 tags within the lengths', () => {
    const tags = Array.from({ length: 10 }, (_, i) => ({ Key: `k${i}`, Value: 'v'.repeat(256) }));
    expect(tagProblems(tags)).toEqual([]);
  });

  it('refuses 11 tags, duplicates, empty and long keys, long values', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: '' }));
    expect(tagProblems(eleven)).toEqual(['11 tags; S3 allows 10.']);
    expect(
      tagProblems([
        { Key: 'a', Value: '' },
        { Key: 'a', Value: '' },
      ]),
    ).toEqual(['Tag "a" appears twice.']);
    expect(tagProblems([{ Key: '', Value: '' }])).toEqual(['A tag needs a key.']);
    expect(tagProblems([{ Key: 'k'.repeat(129), Value: '' }])[0]).toMatch(/over 128/);
    expect(tagProblems([{ Key: 'k', Value: 'v'.repeat(257) }])[0]).toMatch(/over 256/);
  });
});
