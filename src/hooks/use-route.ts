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
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
};
const getSearch = () => window.location.search;

/** The URL's query string ("?bucket=..."), kept current on navigation and Back. */
export function useUrlSearch(): string {
  return useSyncExternalStore(subscribe, getSearch);
}

/** A new history entry with this query string (nothing when it is the current one). */
export function pushUrlSearch(next: string): void {
  if (next === window.location.search) return;
  window.history.pushState(null, '', `${window.location.pathname}${next}`);
  listeners.forEach((listener) => listener());
}

export function useRoute(): [Place, (place: Place) => void] {
  const search = useUrlSearch();
  const navigate = useCallback((place: Place) => pushUrlSearch(placeToSearch(place)), []);
  return [parsePlace(search), navigate];
}
