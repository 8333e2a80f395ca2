import { useSyncExternalStore } from 'react';

/** How a folder is drawn: the table, or a grid of thumbnails. Remembered per browser profile (localStorage). */
export type ViewMode = 'list' | 'grid';

const STORAGE_KEY = 's3fm.view';
const listeners = new Set<() => void>();
let current: ViewMode | undefined;

function getMode(): ViewMode {
  if (current) return current;
  try {
    current = localStorage.getItem(STORAGE_KEY) === 'grid' ? 'grid' : 'list';
  } catch {
    current = 'list';
  }
  return current;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setMode(mode: ViewMode) {
  try {
    localStorage.setItem(STORAGE_KEY, mode);
  } catch {
    // Storage may be disabled: the choice then lasts for this page only.
  }
  current = mode;
  for (const listener of listeners) listener();
}

export function useViewMode(): [ViewMode, (mode: ViewMode) => void] {
  return [useSyncExternalStore(subscribe, getMode), setMode];
}
