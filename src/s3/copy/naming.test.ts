import { describe, expect, it } from 'vitest';
import { S3AppError } from '../errors';
import { firstFreeKey, keepBothKey } from './keep-both';
import { checkDestinationKey, checkReachableKey, encodeCopySource, keyBytes, nameOf, parentOf } from './keys';
import { checkRoot, destinationKey, intoFolder, renamed } from './plan';

describe('keep-both naming', () => {
  it.each([
    ['photo.jpg', 1, 'photo (1).jpg'],
    ['a/b/photo.jpg', 2, 'a/b/photo (2).jpg'],
    ['notes', 1, 'notes (1)'],
    ['.env', 1, '.env (1)'],
    ['dir/.config.json', 1, 'dir/.config (1).json'],
    ['backup.tar.gz', 3, 'backup (3).tar.gz'],
    ['archive.zip', 1, 'archive (1).zip'],
    ['a/docs/', 1, 'a/docs (1)/'],
    ['x//y z+%#?&.txt', 1, 'x//y z+%#?& (1).txt'],
    ['dir.v2/readme', 1, 'dir.v2/readme (1)'],
    ['ünï😀.txt', 1, 'ünï😀 (1).txt'],
  ])('%s #%i → %s', (key, n, expected) => {
    expect(keepBothKey(key, n)).toBe(expected);
  });

  it('takes the first free number', async () => {
    const taken = new Set(['a.txt', 'a (1).txt', 'a (2).txt']);
    expect(await firstFreeKey('a.txt', (k) => taken.has(k))).toBe('a (3).txt');
    expect(await firstFreeKey('b.txt', async () => false)).toBe('b (1).txt');
  });
});

describe('keys', () => {
  it('counts UTF-8 bytes and names', () => {
    expect(keyBytes('ü😀')).toBe(6);
    expect(nameOf('a/b/c.txt')).toBe('c.txt');
    expect(nameOf('a/b/')).toBe('b');
    expect(parentOf('a/b/c.txt')).toBe('a/b/');
    expect(parentOf('a/b/')).toBe('a/');
    expect(parentOf('top')).toBe('');
    expect(parentOf('/lead')).toBe('/');
  });

  it('refuses a destination key over 1024 bytes, naming the file', () => {
    expect(() => checkDestinationKey('k'.repeat(1024))).not.toThrow();
    let error: unknown;
    try {
      checkDestinationKey(`${'d/'.repeat(400)}ü${'x'.repeat(300)}.txt`, 'src/report.txt');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(S3AppError);
    expect((error as S3AppError).kind).toBe('key-too-long');
    expect((error as S3AppError).message).toContain('"report.txt"');
    expect((error as S3AppError).message).toContain('1106 bytes');
  });

  it('encodes the copy source per segment, keeping slashes', () => {
    expect(encodeCopySource('b', 'pct%41.txt')).toBe('b/pct%2541.txt');
    expect(encodeCopySource('b', 'q?mark.txt')).toBe('b/q%3Fmark.txt');
    expect(encodeCopySource('b', '/lead//a b+c&#.txt')).toBe('b//lead//a%20b%2Bc%26%23.txt');
    expect(encodeCopySource('b', '../ü')).toBe('b/../%C3%BC');
  });
});

describe('destination planning', () => {
  it('moves into a folder keeping the name', () => {
    expect(intoFolder('a/x.txt', 'b/')).toEqual({ source: 'a/x.txt', destination: 'b/x.txt' });
    expect(intoFolder('a/docs/', 'b')).toEqual({ source: 'a/docs/', destination: 'b/docs/' });
    expect(intoFolder('a/x.txt', '')).toEqual({ source: 'a/x.txt', destination: 'x.txt' });
  });

  it('refuses a "." or ".." part only where the page itself must send the key in a URL', () => {
    expect(() => checkReachableKey('a/../b.txt', 'x/b.txt', { reachesDotSegments: false })).toThrow(
      '"b.txt" cannot be written from this page: its key "a/../b.txt" has a "." or ".." part',
    );
    expect(() => checkReachableKey('./b.txt', 'b.txt', { reachesDotSegments: false })).toThrow(S3AppError);
    expect(() => checkReachableKey('a/../b.txt', 'x/b.txt', { reachesDotSegments: true })).not.toThrow();
    expect(() => checkReachableKey('a/..b/c.txt', 'c.txt', { reachesDotSegments: false })).not.toThrow();
    expect(() =>
      checkReachableKey('up/../c.txt', 'up/../c.txt', { reachesDotSegments: false }, 'read'),
    ).toThrow('"c.txt" cannot be read from this page: its key "up/../c.txt" has a "." or ".." part');
  });

  it('renames in place, files and folders', () => {
    expect(renamed('a/x.txt', 'y.txt')).toEqual({ source: 'a/x.txt', destination: 'a/y.txt' });
    expect(renamed('a/docs/', 'papers')).toEqual({ source: 'a/docs/', destination: 'a/papers/' });
    expect(() => renamed('a/x.txt', 'b/y')).toThrow(S3AppError);
    expect(() => renamed('a/x.txt', '')).toThrow(S3AppError);
    expect(() => renamed('a/x.txt', `${'n'.repeat(1019)}.txt`)).toThrow(
      '"x.txt" cannot have that name: its key would be 1025 bytes',
    );
    expect(renamed('a/x.txt', `${'n'.repeat(1018)}.txt`).destination).toHaveLength(1024);
  });

  it('keeps each key’s path below a folder', () => {
    const root = { source: 'a/docs/', destination: 'z/papers/' };
    expect(destinationKey(root, 'a/docs/')).toBe('z/papers/');
    expect(destinationKey(root, 'a/docs/2024/q1 report.pdf')).toBe('z/papers/2024/q1 report.pdf');
    expect(destinationKey(root, 'a/docs//x')).toBe('z/papers//x');
    expect(destinationKey({ source: 'a/x', destination: 'b/y' }, 'a/x')).toBe('b/y');
  });

  it('refuses a folder into itself and mixed kinds', () => {
    expect(() => checkRoot({ source: 'a/', destination: 'a/b/a/' }, true)).toThrow(/inside itself/);
    expect(() => checkRoot({ source: 'a/', destination: 'a/b/a/' }, false)).not.toThrow();
    expect(() => checkRoot({ source: 'a/', destination: 'ab/' }, true)).not.toThrow();
    expect(() => checkRoot({ source: 'a/', destination: 'a/' }, true)).not.toThrow();
    expect(() => checkRoot({ source: 'a/', destination: 'b' }, true)).toThrow(/folder/);
  });
});
