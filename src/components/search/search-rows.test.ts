import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../s3/objects';
import type { Column } from '../object-table/rows';
import type { SortState } from '../ui/SortHeader';
import { growingSearchRows, searchRows } from './search-rows';

const entry = (key: string, size = 1): ObjectEntry => ({ key, size, lastModified: size * 1000 });
const byName: SortState<Column> = { column: 'name', direction: 'asc' };
const bySize: SortState<Column> = { column: 'size', direction: 'desc' };
const names = (rows: { name: string }[]) => rows.map((row) => row.name);

describe('growingSearchRows (the rows of a search as matches stream in)', () => {
  it('merges each new batch into the rows drawn last, in the order a full sort gives', () => {
    const rows = growingSearchRows();
    // Ranges listed at once: their matches arrive interleaved.
    const batches = [
      [entry('s/b/2.pdf', 5), entry('s/d/1.pdf', 2)],
      [entry('s/a/9.pdf', 7), entry('s/c/😀.pdf', 1), entry('s/c/\uffff.pdf', 3)],
      [entry('s/b/1.pdf', 4)],
    ];
    const first = rows([batches[0]], 's/', byName);
    expect(names(first)).toEqual(['b/2.pdf', 'd/1.pdf']);
    const second = rows(batches.slice(0, 2), 's/', byName);
    const third = rows(batches, 's/', byName);
    expect(names(third)).toEqual(names(searchRows(batches, 's/', byName)));
    expect(names(third)).toEqual(['a/9.pdf', 'b/1.pdf', 'b/2.pdf', 'c/\uffff.pdf', 'c/😀.pdf', 'd/1.pdf']);
    // Each match keeps its row object: a row already drawn is not drawn again.
    expect(third.find((row) => row.name === 'a/9.pdf')).toBe(second.find((row) => row.name === 'a/9.pdf'));
    // Nothing new: the same rows.
    expect(rows(batches, 's/', byName)).toBe(third);
  });

  it('makes the rows anew for another sort, or when matches were dropped', () => {
    const rows = growingSearchRows();
    const batches = [[entry('s/a', 1), entry('s/b', 3)], [entry('s/c', 2)]];
    rows(batches, 's/', byName);
    expect(names(rows(batches, 's/', bySize))).toEqual(['b', 'c', 'a']);
    const forgotten = [[entry('s/b', 3)], [entry('s/c', 2)]];
    expect(names(rows(forgotten, 's/', bySize))).toEqual(['b', 'c']);
    expect(names(rows([...forgotten, [entry('s/d', 9)]], 's/', bySize))).toEqual(['d', 'b', 'c']);
  });
});
