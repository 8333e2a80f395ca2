import type { ObjectEntry } from '../../s3/objects';
import { compareKeys } from '../../s3/search/key-order';
import type { Column, Row } from '../object-table/rows';
import type { SortState } from '../ui/SortHeader';

type ObjectRow = Extract<Row, { kind: 'object' }>;

/** Each batch's rows, made once: batches never change, and a search adds one every tenth of a second. */
const batchRows = new WeakMap<ObjectEntry[], { prefix: string; rows: ObjectRow[] }>();

/**
 * The matches as table rows named by their path below the searched folder (the folder path shows in the name),
 * sorted: by key in S3's order unless the user sorts by size or date (ranges searched at once arrive interleaved).
 */
export function searchRows(batches: ObjectEntry[][], prefix: string, sort: SortState<Column>): Row[] {
  const rows: ObjectRow[] = [];
  for (const batch of batches) {
    let made = batchRows.get(batch);
    if (made?.prefix !== prefix) {
      made = {
        prefix,
        rows: batch.map((entry) => ({ kind: 'object', entry, name: entry.key.slice(prefix.length) })),
      };
      batchRows.set(batch, made);
    }
    rows.push(...made.rows);
  }
  const sign = sort.direction === 'asc' ? 1 : -1;
  const value = (row: ObjectRow) => (sort.column === 'size' ? row.entry.size : (row.entry.lastModified ?? 0));
  rows.sort((a, b) =>
    sort.column === 'name'
      ? sign * compareKeys(a.entry.key, b.entry.key)
      : sign * (value(a) - value(b)) || compareKeys(a.entry.key, b.entry.key),
  );
  return rows;
}

/** The folder an object is in, for "Open folder". */
export function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}
