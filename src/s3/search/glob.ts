/**
 * Glob patterns for search, compiled to one RegExp:
 * - `*` is any run of characters within one folder level (it never crosses `/`), `?` is one such character;
 * - `**` is any run of characters across levels (`a/**` is everything below `a/`, `** /b` written without the
 *   space is `b` at any depth);
 * - every other character is itself (no classes or braces, so no pattern is invalid).
 * A pattern without `/` is matched against a key's name (its last level); a pattern with `/` against the end of
 * the key's path at a level boundary, so `2024-*\/report?.txt` finds `logs/2024-01/report1.txt`. A leading `/`
 * anchors the pattern at the searched folder.
 */
export function globToRegExp(pattern: string): RegExp {
  const anchored = pattern.startsWith('/');
  const body = anchored ? pattern.slice(1) : pattern;
  let source = '';
  for (let i = 0; i < body.length;) {
    if (body.startsWith('**/', i)) {
      // Zero or more whole levels, so `a/**/b` also finds `a/b`.
      source += '(?:.*/)?';
      i += 3;
    } else if (body.startsWith('**', i)) {
      source += '.*';
      i += 2;
    } else if (body[i] === '*') {
      source += '[^/]*';
      i += 1;
    } else if (body[i] === '?') {
      source += '[^/]';
      i += 1;
    } else {
      const char = String.fromCodePoint(body.codePointAt(i)!);
      source += escapeRegExp(char);
      i += char.length;
    }
  }
  const start = anchored ? '^' : body.includes('/') ? '(?:^|/)' : '(?:^|/)(?=[^/]*$)';
  // `s`: a key may hold a line break, and `.` must match it; `u`: `?` is one character, not half of one.
  return new RegExp(`${start}${source}$`, 'su');
}

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}
