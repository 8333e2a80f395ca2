import { describe, expect, it } from 'vitest';
import {
  headerProblems,
  metadataRowProblems,
  recordOf,
  rowsOf,
  tagProblems,
  tagRowProblems,
} from './header-rules';

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

describe('metadataRowProblems', () => {
  it('puts each problem on its row: empty name, bad name, duplicate, multi-line value', () => {
    expect(
      metadataRowProblems([
        { name: 'owner', value: 'ann' },
        { name: '', value: 'x' },
        { name: 'Bad Name', value: 'x' },
        { name: 'owner', value: 'bob' },
        { name: 'note', value: 'a\nb' },
      ]),
    ).toEqual([
      undefined,
      'Type a name, or remove the row.',
      'Metadata name "Bad Name" may hold only lower-case letters, digits and - _ . characters.',
      '"owner" appears twice.',
      'Header values must fit on one line.',
    ]);
  });

  it('leaves the 2 KB total to the whole set', () => {
    const rows = [
      { name: 'a', value: 'x'.repeat(1500) },
      { name: 'b', value: 'x'.repeat(1500) },
    ];
    expect(metadataRowProblems(rows)).toEqual([undefined, undefined]);
    expect(headerProblems({ metadata: recordOf(rows) })).toEqual([
      'User metadata is 3002 bytes; S3 allows 2048.',
    ]);
  });
});

describe('tagRowProblems', () => {
  it('puts each problem on its row', () => {
    expect(
      tagRowProblems([
        { name: 'team', value: 'blue' },
        { name: '', value: 'x' },
        { name: 'team', value: 'red' },
        { name: 'k', value: 'v'.repeat(257) },
      ]),
    ).toEqual([
      undefined,
      'A tag needs a key.',
      'Tag "team" appears twice.',
      'The value of tag "k" is over 256 characters.',
    ]);
  });
});

describe('rowsOf / recordOf', () => {
  it('round-trips a record in order', () => {
    const record = { b: '2', a: '1' };
    expect(rowsOf(record)).toEqual([
      { name: 'b', value: '2' },
      { name: 'a', value: '1' },
    ]);
    expect(recordOf(rowsOf(record))).toEqual(record);
  });
});
