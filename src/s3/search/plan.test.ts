import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys } from './key-order';
import { foldersPerRange, inSubfolder, planRanges, type ScanRange } from './plan';

const utf8 = new TextEncoder();
/** S3's order, the slow and obvious way: the keys' UTF-8 bytes. */
function utf8Order(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** Which range lists `key`, as the scanner reads a range (prefix, StartAfter, from, until, sub-folders only). */
function rangesHolding(ranges: ScanRange[], key: string, searched: string): number[] {
  return ranges.flatMap((r, i) =>
    key.startsWith(r.prefix) &&
    inSubfolder(key, searched) &&
    (r.startAfter === undefined || compareKeys(key, r.startAfter) > 0) &&
    (r.from === undefined || compareKeys(key, r.from) >= 0) &&
    (r.until === undefined || compareKeys(key, r.until) < 0)
      ? [i]
      : [],
  );
}

describe('compareKeys', () => {
  it('orders keys as S3 does (UTF-8 bytes), also above U+FFFF', () => {
    expect(compareKeys('a/😀', 'a/\uff5e')).toBeGreaterThan(0);
    expect('a/😀' < 'a/\uff5e').toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(utf8Order(a, b)));
      }),
    );
  });
});

describe('foldersPerRange', () => {
  it('gives big folders a range each and groups small ones', () => {
    const big = Array.from({ length: 1000 }, (_, i) => `p/a/${i}`);
    expect(foldersPerRange([...big, 'p/b/0'], 'p/')).toBe(1);
    const small = Array.from(
      { length: 1000 },
      (_, i) => `p/f${String(Math.floor(i / 10)).padStart(3, '0')}/${i}`,
    );
    expect(foldersPerRange(small, 'p/')).toBe(200);
    const halves = Array.from({ length: 1000 }, (_, i) => `p/f${i < 600 ? 'a' : 'b'}/${i}`);
    expect(foldersPerRange(halves, 'p/')).toBe(1);
  });

  it('cannot tell before a folder ends within the keys', () => {
    expect(
      foldersPerRange(
        Array.from({ length: 100 }, (_, i) => `p/a/${i}`),
        'p/',
      ),
    ).toBeUndefined();
    expect(foldersPerRange(['p/x', 'p/y'], 'p/')).toBeUndefined();
  });
});

describe('planRanges', () => {
  it('lists each big folder by its prefix, after the part the first page covered', () => {
    expect(
      planRanges({ prefix: 's/', folders: ['s/a/', 's/b/', 's/c/'], after: 's/a/0999', perRange: 1 }),
    ).toEqual([{ prefix: 's/a/', startAfter: 's/a/0999' }, { prefix: 's/b/' }, { prefix: 's/c/' }]);
  });

  it('lists the rest of the folder the first page ended in by that folder alone, also when it is nested', () => {
    expect(
      planRanges({ prefix: 's/', folders: ['s/a/', 's/b/'], after: 's/a/deep/x/1', perRange: 3 }),
    ).toEqual([
      { prefix: 's/a/', startAfter: 's/a/deep/x/1' },
      { prefix: 's/', startAfter: 's/b', from: 's/b/', until: undefined },
    ]);
  });

  it('groups small folders by StartAfter ranges', () => {
    expect(
      planRanges({ prefix: '', folders: ['a/', 'b/', 'c/', 'd/', 'e/'], after: 'x.txt', perRange: 2 }),
    ).toEqual([]);
    expect(
      planRanges({ prefix: '', folders: ['a/', 'b/', 'c/', 'd/', 'e/'], after: '0.txt', perRange: 2 }),
    ).toEqual([
      { prefix: '', startAfter: 'a', from: 'a/', until: 'c/' },
      { prefix: '', startAfter: 'c', from: 'c/', until: 'e/' },
      { prefix: '', startAfter: 'e', from: 'e/', until: undefined },
    ]);
  });

  it('every key in a sub-folder after the covered part is in exactly one range', () => {
    const segment = fc.string({
      unit: fc.constantFrom('a', 'b', '!', '.', '0', '~', 'ü', '😀', '\uff5e'),
      maxLength: 3,
    });
    const key = fc
      .tuple(segment, fc.boolean(), segment, fc.boolean(), segment)
      .map(([a, nested, b, deeper, c]) => `p/${a}${nested ? `/${b}${deeper ? `//${c}` : ''}` : ''}`);
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (raw, cut, perRange) => {
          const keys = [...raw].sort(utf8Order);
          const folders = [
            ...new Set(
              keys.filter((k) => inSubfolder(k, 'p/')).map((k) => k.slice(0, k.indexOf('/', 2) + 1)),
            ),
          ].sort(utf8Order);
          const after = keys[cut % keys.length];
          const ranges = planRanges({ prefix: 'p/', folders, after, perRange });
          for (const k of keys) {
            const expected = inSubfolder(k, 'p/') && compareKeys(k, after) > 0 ? 1 : 0;
            expect(rangesHolding(ranges, k, 'p/')).toHaveLength(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
