import type { ObjectEntry, ObjectPage } from '../../s3/objects';
import type { SortState } from '../ui/SortHeader';

export type Column = 'name' | 'size' | 'modified';

export type Row =
  | { kind: 'folder'; prefix: string; name: string }
  | { readonly kind: 'object'; readonly entry: ObjectEntry; readonly name: string };

/**
 * An object's row as the listing keeps it: its entry and where its name starts in the key. A folder of 100,000
 * keys holds 100,000 rows, and a name string kept in each cost as much memory as the row itself; the name is
 * cut from the key when a row is drawn or filtered.
 */
class ObjectRow {
  constructor(
    readonly entry: ObjectEntry,
    private readonly nameStart: number,
  ) {}
  get kind(): 'object' {
    return 'object';
  }
  get name(): string {
    return this.entry.key.slice(this.nameStart);
  }
}

interface PageRows {
  prefix: string;
  folders: Row[];
  objects: Row[];
}

/**
 * Each page's rows, made once: a listing grows a page at a time, and rebuilding every row of every page on each
 * arrival made loading 100,000 keys quadratic. Pages are immutable (the query cache replaces, never edits, them).
 */
const pageRows = new WeakMap<ObjectPage, PageRows>();

function rowsOf(page: ObjectPage, prefix: string): PageRows {
  const cached = pageRows.get(page);
  if (cached?.prefix === prefix) return cached;
  const made: PageRows = {
    prefix,
    folders: page.folders.map((folder) => ({
      kind: 'folder',
      prefix: folder,
      name: folder.slice(prefix.length),
    })),
    objects: page.objects.flatMap((entry) =>
      entry.key === prefix ? [] : [new ObjectRow(entry, prefix.length)],
    ),
  };
  pageRows.set(page, made);
  return made;
}

/** Entries listed so far, without the folder's own marker object ("prefix/"), which is not a row. */
export function countEntries(pages: ObjectPage[], prefix: string): number {
  let count = 0;
  for (const page of pages) {
    const rows = rowsOf(page, prefix);
    count += rows.folders.length + rows.objects.length;
  }
  return count;
}

/**
 * Turns listing pages into table rows: folders first, then objects, each in the server's order (S3 sorts keys
 * by their UTF-8 bytes) unless the user sorts. The folder's own marker object ("prefix/") is not a row.
 */
export function buildRows(
  pages: ObjectPage[],
  prefix: string,
  filter: string,
  sort: SortState<Column>,
): Row[] {
  const needle = filter.trim().toLowerCase();
  const keep = (rows: Row[]) =>
    needle ? rows.filter((row) => row.name.toLowerCase().includes(needle)) : rows;
  const made = pages.map((page) => rowsOf(page, prefix));
  const folders = made.flatMap((rows) => keep(rows.folders));
  // concat of every page's rows at once: one array of the final length, built while a listing grows to 100,000
  // rows at each arrival, where growing one by push left several times its size in garbage.
  const pageObjects = made.map((rows) => keep(rows.objects));
  if (sort.column === 'name' && sort.direction === 'asc') return folders.concat(...pageObjects);
  const objects = ([] as Row[]).concat(...pageObjects);
  const sign = sort.direction === 'asc' ? 1 : -1;
  if (sort.column === 'name') {
    folders.reverse();
    objects.reverse();
  } else {
    const value = (row: Row) =>
      row.kind === 'object' ? (sort.column === 'size' ? row.entry.size : (row.entry.lastModified ?? 0)) : 0;
    objects.sort((a, b) => sign * (value(a) - value(b)));
  }
  return folders.concat(objects);
}
