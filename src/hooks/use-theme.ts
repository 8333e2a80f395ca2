import { useSyncExternalStore } from 'react';

/** System follows the browser's prefers-color-scheme; Light and Dark force one (src/theme.css). */
export type ThemeChoice = 'system' | 'light' | 'dark';

// public/theme-init.js reads this key before the first paint: keep the two in step.
const STORAGE_KEY = 's3fm.theme';

function readStored(): ThemeChoice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

let current: ThemeChoice | undefined;
const listeners = new Set<() => void>();

function getChoice(): ThemeChoice {
  return (current ??= readStored());
}

function apply(choice: ThemeChoice) {
  current = choice;
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab switched: follow it, so two tabs of the app never disagree.
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY || event.key === null) apply(readStored());
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

function choose(choice: ThemeChoice) {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Storage may be disabled: the choice then lasts for this page only.
  }
  apply(choice);
}

/** The theme the user chose (remembered in localStorage) and the way to change it. */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  return [useSyncExternalStore(subscribe, getChoice), choose];
}
