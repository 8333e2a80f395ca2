import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatExactBytes, nameUnder } from './format';

describe('formatBytes', () => {
  it('uses bytes below 1 KiB and binary units above', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(256 * 1024 * 1024)).toBe('256 MiB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5.0 TiB');
  });
  it('shows exact bytes with separators', () => {
    expect(formatExactBytes(251262)).toBe('251,262 bytes');
  });
});

describe('nameUnder', () => {
  it('keeps the part of a key below the prefix, including odd names', () => {
    expect(nameUnder('docs/', 'docs/readme.md')).toBe('readme.md');
    expect(nameUnder('a/', 'a//')).toBe('/');
    expect(nameUnder('', '/etc/')).toBe('/etc/');
  });
});

describe('formatDateTime', () => {
  it('reads the same as the formatter for any time of a minute, dates and epoch milliseconds alike', () => {
    const formatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    const minute = Date.UTC(2026, 4, 17, 9, 41);
    for (const ms of [minute, minute + 59_999, minute + 60_000, minute - 1]) {
      expect(formatDateTime(ms)).toBe(formatter.format(ms));
      expect(formatDateTime(new Date(ms))).toBe(formatter.format(ms));
    }
    expect(formatDateTime(undefined)).toBe('—');
  });
});
