import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../objects';
import { compileSearch, isSearching, parseSize, type SearchQuery } from './matcher';

const entry = (
  key: string,
  size = 0,
  modified = '2024-06-01T12:00:00Z',
  storageClass?: string,
): ObjectEntry => ({
  key,
  size,
  lastModified: Date.parse(modified),
  storageClass,
});

function matcher(query: Partial<SearchQuery>, prefix = '') {
  const compiled = compileSearch({ text: '', mode: 'contains', ...query }, prefix);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.test;
}

describe('compileSearch', () => {
  it('"contains" ignores case and looks at the path below the searched folder', () => {
    const test = matcher({ text: 'Report' }, 'docs/');
    expect(test(entry('docs/2024/REPORT.pdf'))).toBe(true);
    expect(test(entry('docs/2024/other.pdf'))).toBe(false);
    expect(matcher({ text: 'docs' }, 'docs/')(entry('docs/a.txt'))).toBe(false);
  });

  it('a glob matches names, or path ends with a "/"', () => {
    expect(matcher({ text: '*.pdf', mode: 'glob' }, 'a/')(entry('a/b/c.pdf'))).toBe(true);
    expect(matcher({ text: '/b/*.pdf', mode: 'glob' }, 'a/')(entry('a/b/c.pdf'))).toBe(true);
    expect(matcher({ text: '/c.pdf', mode: 'glob' }, 'a/')(entry('a/b/c.pdf'))).toBe(false);
  });

  it('a regular expression is unanchored and case-sensitive; hard keys are plain text', () => {
    const test = matcher({ text: '\\?.*#\\d+%', mode: 'regex' });
    expect(test(entry('dir//q?mark#12%.txt'))).toBe(true);
    expect(test(entry('dir/qmark#12%.txt'))).toBe(false);
    expect(matcher({ text: '^ü', mode: 'regex' }, 'x/')(entry('x/über'))).toBe(true);
    expect(matcher({ text: 'A', mode: 'regex' })(entry('a'))).toBe(false);
  });

  it('tells from the key alone which entries cannot match, and passes every key where only filters ask', () => {
    const compiled = compileSearch({ text: '*.pdf', mode: 'glob', over: 10 }, 'a/');
    if (!compiled.ok) throw new Error(compiled.message);
    expect(compiled.testKey('a/b/c.pdf')).toBe(true);
    expect(compiled.testKey('a/b/c.txt')).toBe(false);
    expect(compiled.test(entry('a/b/c.pdf', 5))).toBe(false);
    expect(compiled.test(entry('a/b/c.pdf', 50))).toBe(true);
    const filtersOnly = compileSearch({ text: '', mode: 'glob', over: 10 }, 'a/');
    expect(filtersOnly.ok && filtersOnly.testKey('a/anything')).toBe(true);
  });

  it('explains a bad regular expression instead of throwing', () => {
    const compiled = compileSearch({ text: 'report(', mode: 'regex' }, '');
    expect(compiled).toEqual({ ok: false, message: expect.stringMatching(/not valid.*unterminated group/i) });
  });

  it('filters by size, day and storage class', () => {
    expect(matcher({ over: 100 })(entry('a', 101))).toBe(true);
    expect(matcher({ over: 100 })(entry('a', 100))).toBe(false);
    expect(matcher({ under: 100 })(entry('a', 99))).toBe(true);
    expect(matcher({ under: 100 })(entry('a', 100))).toBe(false);
    expect(matcher({ after: '2024-06-01' })(entry('a', 0, '2024-06-01T00:00:00Z'))).toBe(true);
    expect(matcher({ after: '2024-06-02' })(entry('a', 0, '2024-06-01T23:59:59Z'))).toBe(false);
    expect(matcher({ before: '2024-06-02' })(entry('a', 0, '2024-06-01T23:59:59Z'))).toBe(true);
    expect(matcher({ before: '2024-06-01' })(entry('a', 0, '2024-06-01T00:00:00Z'))).toBe(false);
    expect(matcher({ storageClass: 'STANDARD' })(entry('a'))).toBe(true);
    expect(matcher({ storageClass: 'GLACIER' })(entry('a', 0, undefined, 'STANDARD'))).toBe(false);
    expect(matcher({ text: '*.log', mode: 'glob', over: 10 })(entry('x.log', 5))).toBe(false);
  });

  it('refuses filters that nothing can meet, with the reason', () => {
    expect(compileSearch({ text: '', mode: 'glob', over: 10, under: 11 }, '')).toMatchObject({ ok: false });
    expect(
      compileSearch({ text: '', mode: 'glob', after: '2024-02-01', before: '2024-01-01' }, ''),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('before'),
    });
    expect(compileSearch({ text: '', mode: 'glob', after: 'yesterday' }, '')).toMatchObject({ ok: false });
  });

  it('searches only when asked for something', () => {
    expect(isSearching({ text: '', mode: 'glob' })).toBe(false);
    expect(isSearching({ text: '', mode: 'glob', over: 0 })).toBe(true);
  });
});

describe('parseSize', () => {
  it('reads sizes as people write them', () => {
    expect(parseSize('')).toBeUndefined();
    expect(parseSize('500')).toBe(500);
    expect(parseSize('10 KB')).toBe(10240);
    expect(parseSize('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('2m')).toBe(2 * 1024 ** 2);
    expect(parseSize('ten')).toBeNaN();
  });
});
