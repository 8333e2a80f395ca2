import type { Collected } from '../../lib/collect-files';
import { FOLDER_CONTENT_TYPE } from './content-type';
import type { UploadRequest } from './upload-queue';

/** Above this many files in one drop, the user is asked first (a slip of the mouse can drop a home folder). */
export const MANY_FILES = 10_000;

export interface PlannedUpload extends UploadRequest {
  /** Folder markers ("name/") for empty folders. */
  folder: boolean;
}

export type Decision = 'overwrite' | 'skip';

export interface Conflict {
  key: string;
  /** Already on the server, and/or more than one file of the drop goes to this key. */
  exists: boolean;
  duplicates: number;
}

/** Keys for a drop: each file's relative path under the current folder; empty folders become markers. */
export function planKeys(prefix: string, collected: Collected): PlannedUpload[] {
  return [
    ...collected.files.map(({ path, file }) => ({ key: `${prefix}${path}`, body: file, folder: false })),
    ...collected.emptyFolders.map((path) => ({
      key: `${prefix}${path}`,
      body: new Blob([]),
      contentType: FOLDER_CONTENT_TYPE,
      folder: true,
    })),
  ];
}

/** Keys that would overwrite something: an object already stored, or another file of the same drop. */
export function findConflicts(items: readonly PlannedUpload[], existing: ReadonlySet<string>): Conflict[] {
  const counts = new Map<string, number>();
  for (const item of items) if (!item.folder) counts.set(item.key, (counts.get(item.key) ?? 0) + 1);
  const conflicts: Conflict[] = [];
  for (const [key, count] of counts) {
    if (count > 1 || existing.has(key)) conflicts.push({ key, exists: existing.has(key), duplicates: count });
  }
  return conflicts;
}

/**
 * What is sent after the questions. Overwrite: the last file of the drop for that key replaces what is there.
 * Skip: what is on the server stays; among duplicates of the drop, the first one is kept. A folder marker that
 * already exists is not written again.
 */
export function applyDecisions(
  items: readonly PlannedUpload[],
  existing: ReadonlySet<string>,
  decisions: ReadonlyMap<string, Decision>,
): PlannedUpload[] {
  const chosen = new Map<string, PlannedUpload>();
  for (const item of items) {
    if (item.folder) {
      if (!existing.has(item.key)) chosen.set(item.key, item);
      continue;
    }
    const decision = decisions.get(item.key);
    if (decision === 'skip' && (existing.has(item.key) || chosen.has(item.key))) continue;
    // The last one wins; a re-set keeps the key's first place in the order.
    chosen.set(item.key, item);
  }
  return [...chosen.values()];
}
