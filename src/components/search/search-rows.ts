import type { ObjectEntry } from '../../s3/objects';
import { compareKeys } from '../../s3/search/key-order';
import type { Column, Row } from '../object-table/rows';
import type { SortState } from '../ui/SortHeader';

type ObjectRow = Extract<Row, { kind: 'object' }>;

/** Each batch's rows, made once: batches never change, and a search adds one every tenth of a second. */
const batchRows = new WeakMap<ObjectEntry[], { prefix: string; rows: ObjectRow[] }>();

function rowsOf(batch: ObjectEntry[], prefix: string): ObjectRow[] {
  let made = batchRows.get(batch);
  if (made?.prefix !== prefix) {
    made = {
      prefix,
      rows: batch.map((entry) => ({ kind: 'object', entry, name: entry.key.slice(prefix.length) })),
    };
    batchRows.set(batch, made);
  }
  return made.rows;
}

/** The table's order: by key in S3's order unless the user sorts by size or date, then by key. */
function rowOrder(sort: SortState<Column>): (a: ObjectRow, b: ObjectRow) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const value = (row: ObjectRow) => (sort.column === 'size' ? row.entry.size : (row.entry.lastModified ?? 0));
  return (a, b) =>
    sort.column === 'name'
      ? sign * compareKeys(a.entry.key, b.entry.key)
      : sign * (value(a) - value(b)) || compareKeys(a.entry.key, b.entry.key);
}

/**
 * The matches as table rows named by their path below the searched folder (the folder path shows in the name),
 * sorted: by key in S3's order unless the user sorts by size or date (ranges searched at once arrive interleaved).
 */
export function searchRows(batches: ObjectEntry[][], prefix: string, sort: SortState<Column>): ObjectRow[] {
  return batches.flatMap((batch) => rowsOf(batch, prefix)).sort(rowOrder(sort));
}

/**
 * searchRows that remembers its last answer: while matches stream in, each call only sorts the batches added
 * since and merges them into the rows it gave last (one pass), instead of sorting every row again. Anything else
 * (another sort, matches dropped) makes the rows anew.
 */
export function growingSearchRows(): typeof searchRows {
  let last:
    { batches: ObjectEntry[][]; prefix: string; sort: SortState<Column>; rows: ObjectRow[] } | undefined;
  return (batches, prefix, sort) => {
    const grown =
      last?.prefix === prefix &&
      last.sort === sort &&
      batches.length >= last.batches.length &&
      last.batches.every((batch, i) => batches[i] === batch);
    let rows: ObjectRow[];
    if (!grown) rows = searchRows(batches, prefix, sort);
    else if (batches.length === last!.batches.length) rows = last!.rows;
    else
      rows = merged(
        last!.rows,
        searchRows(batches.slice(last!.batches.length), prefix, sort),
        rowOrder(sort),
      );
    last = { batches, prefix, sort, rows };
    return rows;
  };
}

/** Two sorted lists as one, in one pass. */
function merged<T>(a: T[], b: T[], order: (x: T, y: T) => number): T[] {
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = order(b[j], a[i]) < 0 ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}
