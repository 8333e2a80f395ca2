import { describe, expect, it } from 'vitest';
import { buildRows, countEntries } from './rows';

const page = {
  folders: ['docs/', 'photos/'],
  objects: [
    { key: '', size: 0 },
    { key: 'b.txt', size: 10, lastModified: Date.parse('2024-01-02') },
    { key: 'a.txt', size: 30, lastModified: Date.parse('2024-01-01') },
  ],
};

describe('buildRows', () => {
  const names = (rows: ReturnType<typeof buildRows>) => rows.map((r) => r.name);
  it('lists folders first, keeps server order, and hides the folder marker', () => {
    expect(names(buildRows([page], '', '', { column: 'name', direction: 'asc' }))).toEqual([
      'docs/',
      'photos/',
      'b.txt',
      'a.txt',
    ]);
  });
  it('sorts objects by size or date and keeps folders on top', () => {
    expect(names(buildRows([page], '', '', { column: 'size', direction: 'desc' }))).toEqual([
      'docs/',
      'photos/',
      'a.txt',
      'b.txt',
    ]);
  });
  it('filters by name, case-insensitively', () => {
    expect(names(buildRows([page], '', 'PHO', { column: 'name', direction: 'asc' }))).toEqual(['photos/']);
  });
  it('shows names relative to the prefix', () => {
    const rows = buildRows([{ folders: ['a//'], objects: [{ key: 'a/', size: 0 }] }], 'a/', '', {
      column: 'name',
      direction: 'asc',
    });
    expect(names(rows)).toEqual(['/']);
  });
  it('counts entries without the folder marker, and grows page by page with the same row objects', () => {
    const second = { folders: [], objects: [{ key: 'c.txt', size: 1 }] };
    expect(countEntries([page, second], '')).toBe(5);
    const before = buildRows([page], '', '', { column: 'name', direction: 'asc' });
    const after = buildRows([page, second], '', '', { column: 'name', direction: 'asc' });
    expect(after.slice(0, 4)).toEqual(before);
    // Rows of a page already seen are reused, not made again.
    after.slice(0, 4).forEach((row, i) => expect(row).toBe(before[i]));
    expect(after[4].name).toBe('c.txt');
  });
});
