import type { ObjectEntry, ObjectPage } from '../../s3/objects';
import type { SortState } from '../ui/SortHeader';

export type Column = 'name' | 'size' | 'modified';

export type Row =
  { kind: 'folder'; prefix: string; name: string } | { kind: 'object'; entry: ObjectEntry; name: string };

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
  const matches = (name: string) => !needle || name.toLowerCase().includes(needle);
  const folders: Row[] = [];
  const objects: Row[] = [];
  for (const page of pages) {
    for (const folder of page.folders) {
      const name = folder.slice(prefix.length);
      if (matches(name)) folders.push({ kind: 'folder', prefix: folder, name });
    }
    for (const entry of page.objects) {
      if (entry.key === prefix) continue;
      const name = entry.key.slice(prefix.length);
      if (matches(name)) objects.push({ kind: 'object', entry, name });
    }
  }
  const sign = sort.direction === 'asc' ? 1 : -1;
  if (sort.column === 'name') {
    if (sign < 0) {
      folders.reverse();
      objects.reverse();
    }
  } else {
    const value = (row: Row) =>
      row.kind === 'object'
        ? sort.column === 'size'
          ? row.entry.size
          : (row.entry.lastModified?.getTime() ?? 0)
        : 0;
    objects.sort((a, b) => sign * (value(a) - value(b)));
  }
  return folders.concat(objects);
}
