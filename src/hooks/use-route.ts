import { useCallback, useSyncExternalStore } from 'react';

/** Where the user is: a bucket and a prefix inside it. Lives in the URL so links, reload and Back work. */
export interface Place {
  bucket?: string;
  prefix: string;
}

export function parsePlace(search: string): Place {
  const params = new URLSearchParams(search);
  return { bucket: params.get('bucket') || undefined, prefix: params.get('prefix') ?? '' };
}

export function placeToSearch(place: Place): string {
  const params = new URLSearchParams();
  if (place.bucket) params.set('bucket', place.bucket);
  if (place.bucket && place.prefix) params.set('prefix', place.prefix);
  const search = params.toString();
  return search ? `?${search}` : '';
}

const listeners = new Set<() => void>();
/** A place drawn ahead of its history entry (see pushUrlSearch); undefined once the URL holds it. */
let ahead: string | undefined;
// Back or Forward: the browser's entry is the place now, and an entry still to be written is dropped. Added
// before any subscriber's listener, so they read the new place.
if (typeof window !== 'undefined') window.addEventListener('popstate', () => (ahead = undefined));
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
};

/** The query string of the place on screen: the URL's, or the one drawn ahead of it. */
export const currentSearch = () => ahead ?? window.location.search;

/** The query string ("?bucket=...") of the place on screen, kept current on navigation and Back. */
export function useUrlSearch(): string {
  return useSyncExternalStore(subscribe, currentSearch);
}

/** The longest a new history entry waits for what its place shows first (see pushUrlSearch's `drawn`). */
export const ENTRY_WAIT_MS = 150;

/**
 * A new history entry with this query string (nothing when it is the current one). The new place is drawn
 * first and the entry written after: pushState is a call into the browser (a same-document navigation in its
 * own process, and a layout here) that otherwise ran between a folder's first page arriving and its rows being
 * drawn. The entry is written in the task after the place is drawn or, when the place waits for its first
 * content (`drawn`: a search's first matches on screen), once that is drawn, and at most ENTRY_WAIT_MS later.
 * A place replaced before its entry was written (another navigation, Back) gets no entry.
 */
export function pushUrlSearch(next: string, drawn?: Promise<unknown>): void {
  if (next === currentSearch()) return;
  ahead = next === window.location.search ? undefined : next;
  listeners.forEach((listener) => listener());
  if (ahead === undefined) return;
  const write = () => {
    if (ahead !== next) return;
    ahead = undefined;
    window.history.pushState(null, '', `${window.location.pathname}${next}`);
  };
  if (!drawn) return void setTimeout(write);
  const timer = setTimeout(write, ENTRY_WAIT_MS);
  const settled = () => {
    clearTimeout(timer);
    write();
  };
  drawn.then(settled, settled);
}

export function useRoute(): [Place, (place: Place) => void] {
  const search = useUrlSearch();
  const navigate = useCallback((place: Place) => pushUrlSearch(placeToSearch(place)), []);
  return [parsePlace(search), navigate];
}
