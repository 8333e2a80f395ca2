import { useSyncExternalStore } from 'react';
import { parentOf } from '../s3/copy/keys';
import type { TransferMode } from '../s3/copy/transfer-job';

/**
 * The cut/copy clipboard: what Ctrl+X / Ctrl+C put aside, for Ctrl+V in another folder, of this connection or of
 * another one. Kept in localStorage, so it outlives a switch of connection in this tab and the app's other tabs see
 * it. It names its connection by the saved profile's id and label only: never a secret, a key or a token.
 */
const STORAGE_KEY = 's3fm.clipboard';

export interface TransferClipboard {
  mode: TransferMode;
  /** The connection the items belong to: its profile's id (as saved on this device) and label. */
  connection: { id: string; label: string };
  bucket: string;
  /** Keys and folder prefixes (ending with "/"). */
  sources: string[];
}

/** A stored clipboard, or undefined for anything unreadable (storage edited by hand, an older shape). */
export function parseClipboard(text: string | null): TransferClipboard | undefined {
  try {
    const value = JSON.parse(text ?? 'null') as Partial<TransferClipboard> | null;
    const { mode, connection, bucket, sources } = value ?? {};
    if (mode !== 'copy' && mode !== 'move') return undefined;
    if (typeof bucket !== 'string' || !Array.isArray(sources)) return undefined;
    if (typeof connection?.id !== 'string' || typeof connection.label !== 'string') return undefined;
    const keys = sources.filter((source): source is string => typeof source === 'string');
    if (keys.length === 0) return undefined;
    return { mode, connection: { id: connection.id, label: connection.label }, bucket, sources: keys };
  } catch {
    return undefined;
  }
}

/** The deepest folder holding every item ("" for the bucket's top): where they were cut or copied. */
export function clipboardFolder(sources: readonly string[]): string {
  const parents = sources.map(parentOf);
  let common = parents[0] ?? '';
  for (const parent of parents) {
    while (!parent.startsWith(common)) common = parentOf(common);
  }
  return common;
}

let current: TransferClipboard | undefined;
let loaded = false;
const listeners = new Set<() => void>();

function load(): TransferClipboard | undefined {
  try {
    return parseClipboard(localStorage.getItem(STORAGE_KEY));
  } catch {
    return undefined; // storage disabled by the browser's settings
  }
}

function notify() {
  for (const listener of listeners) listener();
}

export function getClipboard(): TransferClipboard | undefined {
  if (!loaded) {
    current = load();
    loaded = true;
  }
  return current;
}

/** Puts items on the clipboard (undefined clears it), in this tab and the others. */
export function setClipboard(clipboard: TransferClipboard | undefined): void {
  current = clipboard;
  loaded = true;
  try {
    if (clipboard) localStorage.setItem(STORAGE_KEY, JSON.stringify(clipboard));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled or full: the clipboard then lasts for this page only.
  }
  notify();
}

/** Another tab cut, copied or pasted: follow it. */
function onStorage(event: StorageEvent) {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  loaded = false;
  notify();
}

function subscribe(listener: () => void) {
  if (listeners.size === 0) window.addEventListener('storage', onStorage);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('storage', onStorage);
  };
}

/** What is on the cut/copy clipboard, here or put there by another tab. */
export function useTransferClipboard(): TransferClipboard | undefined {
  return useSyncExternalStore(subscribe, getClipboard);
}
