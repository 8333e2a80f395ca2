import { useSyncExternalStore } from 'react';

/**
 * How a folder is drawn: the table, or a grid of thumbnails. Remembered per folder (bucket and prefix) in this
 * browser profile (localStorage), for the folders last set; a folder never set gets the last choice made.
 */
export type ViewMode = 'list' | 'grid';

/** Folders remembered at most: the oldest choice is forgotten first, so the storage stays small. */
export const REMEMBERED_FOLDERS = 200;

/** The last choice made, and each folder's own, oldest first. */
export interface ViewChoices {
  last: ViewMode;
  folders: [folder: string, mode: ViewMode][];
}

const STORAGE_KEY = 's3fm.views';
/** Where a single choice for every folder was kept before: it becomes the default. */
const OLD_STORAGE_KEY = 's3fm.view';
const listeners = new Set<() => void>();
let current: ViewChoices | undefined;

const asMode = (value: unknown): ViewMode => (value === 'grid' ? 'grid' : 'list');

/** A bucket name has no slash, so bucket and prefix joined by one name a folder exactly. */
export const folderId = (bucket: string, prefix: string) => `${bucket}/${prefix}`;

export function viewFor(choices: ViewChoices, folder: string): ViewMode {
  return choices.folders.find(([id]) => id === folder)?.[1] ?? choices.last;
}

/** The choices with `folder` set to `mode` as the newest, keeping at most `limit` folders. */
export function remember(
  choices: ViewChoices,
  folder: string,
  mode: ViewMode,
  limit = REMEMBERED_FOLDERS,
): ViewChoices {
  const others = choices.folders.filter(([id]) => id !== folder);
  return { last: mode, folders: [...others, [folder, mode] as [string, ViewMode]].slice(-limit) };
}

/** The stored choices; anything unreadable counts as none made. */
export function parseChoices(stored: string | null, old: string | null): ViewChoices {
  try {
    const value = JSON.parse(stored ?? 'null') as Partial<ViewChoices> | null;
    if (value && Array.isArray(value.folders)) {
      const folders = value.folders
        .filter((item): item is [string, ViewMode] => Array.isArray(item) && typeof item[0] === 'string')
        .map(([id, mode]): [string, ViewMode] => [id, asMode(mode)]);
      return { last: asMode(value.last), folders: folders.slice(-REMEMBERED_FOLDERS) };
    }
  } catch {
    // Not JSON: start afresh.
  }
  return { last: asMode(old), folders: [] };
}

function getChoices(): ViewChoices {
  if (current) return current;
  try {
    current = parseChoices(localStorage.getItem(STORAGE_KEY), localStorage.getItem(OLD_STORAGE_KEY));
  } catch {
    current = { last: 'list', folders: [] };
  }
  return current;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setView(folder: string, mode: ViewMode) {
  current = remember(getChoices(), folder, mode);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(current));
  } catch {
    // Storage may be disabled or full: the choice then lasts for this page only.
  }
  for (const listener of listeners) listener();
}

/** The folder's view mode, and a setter that remembers it for this folder and as the default for new ones. */
export function useViewMode(bucket: string, prefix: string): [ViewMode, (mode: ViewMode) => void] {
  const folder = folderId(bucket, prefix);
  const mode = useSyncExternalStore(subscribe, () => viewFor(getChoices(), folder));
  return [mode, (next) => setView(folder, next)];
}
