import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob';

type Token = { kind: 'levels' | 'any' | 'star' | 'one' } | { kind: 'char'; char: string };

/** The reference: the glob rules of glob.ts, written as plain backtracking over code points. */
function tokens(pattern: string): Token[] {
  const out: Token[] = [];
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length;) {
    if (chars[i] === '*' && chars[i + 1] === '*' && chars[i + 2] === '/') {
      out.push({ kind: 'levels' });
      i += 3;
    } else if (chars[i] === '*' && chars[i + 1] === '*') {
      out.push({ kind: 'any' });
      i += 2;
    } else if (chars[i] === '*') {
      out.push({ kind: 'star' });
      i += 1;
    } else if (chars[i] === '?') {
      out.push({ kind: 'one' });
      i += 1;
    } else {
      out.push({ kind: 'char', char: chars[i] });
      i += 1;
    }
  }
  return out;
}

function matchAll(pattern: Token[], text: string[]): boolean {
  const [head, ...rest] = pattern;
  if (!head) return text.length === 0;
  switch (head.kind) {
    case 'char':
      return text[0] === head.char && matchAll(rest, text.slice(1));
    case 'one':
      return text.length > 0 && text[0] !== '/' && matchAll(rest, text.slice(1));
    case 'star':
      for (let n = 0; n <= text.length; n++) {
        if (n > 0 && text[n - 1] === '/') return false;
        if (matchAll(rest, text.slice(n))) return true;
      }
      return false;
    case 'any':
      for (let n = 0; n <= text.length; n++) if (matchAll(rest, text.slice(n))) return true;
      return false;
    case 'levels':
      // Nothing, or any run that ends with "/".
      if (matchAll(rest, text)) return true;
      for (let n = 1; n <= text.length; n++)
        if (text[n - 1] === '/' && matchAll(rest, text.slice(n))) return true;
      return false;
  }
}

function reference(pattern: string, path: string): boolean {
  const chars = Array.from(path);
  if (pattern.startsWith('/')) return matchAll(tokens(pattern.slice(1)), chars);
  const compiled = tokens(pattern);
  if (!pattern.includes('/')) return matchAll(compiled, chars.slice(chars.lastIndexOf('/') + 1));
  // Any suffix that starts at the beginning or right after a "/" (the empty one after a trailing "/" too).
  for (let at = 0; at <= chars.length; at++)
    if ((at === 0 || chars[at - 1] === '/') && matchAll(compiled, chars.slice(at))) return true;
  return false;
}

const globText = (alphabet: string[]) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength: 10 }).map((parts) => parts.join(''));

describe('globToRegExp', () => {
  it('finds names and paths as the README says', () => {
    const matches = (pattern: string, path: string) => globToRegExp(pattern).test(path);
    expect(matches('*.pdf', 'a/b/report.pdf')).toBe(true);
    expect(matches('*.pdf', 'report.pdf.txt')).toBe(false);
    expect(matches('2024-*/report?.txt', 'logs/2024-01/report1.txt')).toBe(true);
    expect(matches('2024-*/report?.txt', 'logs/2024-01/x/report1.txt')).toBe(false);
    expect(matches('2024-*/report?.txt', 'logs/x2024-01/report1.txt')).toBe(false);
    expect(matches('/2024-*/*', '2024-01/a')).toBe(true);
    expect(matches('/2024-*/*', 'logs/2024-01/a')).toBe(false);
    expect(matches('logs/**', 'logs/a/b/c')).toBe(true);
    expect(matches('a/**/b', 'a/b')).toBe(true);
    expect(matches('a/**/b', 'x/a/1/2/b')).toBe(true);
    expect(matches('*', 'a/b')).toBe(true);
    expect(matches('q?mark*', 'dir/q?mark#1%.txt')).toBe(true);
    expect(matches('ü*.txt', 'dir//ü 日本.txt')).toBe(true);
    expect(matches('?.txt', '日.txt')).toBe(true);
    expect(matches('?.txt', '😀.txt')).toBe(true);
    expect(matches('(a)[b]{2}+$^|.\\', 'x/(a)[b]{2}+$^|.\\')).toBe(true);
  });

  it('never throws, whatever the pattern', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (pattern) => {
        globToRegExp(pattern);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with a plain backtracking matcher', () => {
    const alphabet = ['a', 'b', '/', '.', '*', '**', '?', 'ü', '😀', '\\', '(', '['];
    fc.assert(
      fc.property(
        globText(alphabet),
        globText(['a', 'b', '/', '.', 'ü', '😀', '\\', '(', '[', '*', '?']),
        (pattern, path) => {
          expect(globToRegExp(pattern).test(path)).toBe(reference(pattern, path));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
