import type { VersionPage, VersionRecord } from '../../s3/versions/list-versions';

export type VersionRow = { kind: 'folder'; prefix: string } | { kind: 'version'; version: VersionRecord };

/**
 * A folder's version pages as rows: its subfolders first, then every version and delete marker in the server's
 * order (keys ascending, each key's newest first). An entry a page repeats from the one before is dropped.
 */
export function versionRows(pages: readonly Pick<VersionPage, 'versions' | 'folders'>[]): VersionRow[] {
  const folders: VersionRow[] = [];
  const versions: VersionRow[] = [];
  const seen = new Set<string>();
  for (const page of pages) {
    for (const prefix of page.folders) {
      if (seen.has(`/${prefix}`)) continue;
      seen.add(`/${prefix}`);
      folders.push({ kind: 'folder', prefix });
    }
    for (const version of page.versions) {
      const id = `${version.key}\n${version.versionId}`;
      if (seen.has(id)) continue;
      seen.add(id);
      versions.push({ kind: 'version', version });
    }
  }
  return [...folders, ...versions];
}

/** Every entry of the pages, repeats dropped, in the server's order. */
export function allVersions(pages: readonly Pick<VersionPage, 'versions'>[]): VersionRecord[] {
  return versionRows(pages.map((p) => ({ versions: p.versions, folders: [] }))).flatMap((row) =>
    row.kind === 'version' ? [row.version] : [],
  );
}

/** The keys whose latest entry is a delete marker: deleted, and brought back by removing the marker. */
export function deletedKeys(versions: readonly VersionRecord[]): VersionRecord[] {
  return versions.filter((v) => v.isLatest && v.deleteMarker);
}

/** A `datetime-local` value (local time, to the second) for a moment, and back. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function fromLocalInput(value: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
