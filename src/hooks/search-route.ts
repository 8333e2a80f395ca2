import { useCallback, useMemo } from 'react';
import { isSearching, SEARCH_MODES, type SearchMode, type SearchQuery } from '../s3/search/matcher';
import {
  currentSearch,
  parsePlace,
  placeToSearch,
  pushUrlSearch,
  useUrlSearch,
  type Place,
} from './use-route';

// The search in the URL, apart from the search itself (use-search.ts): the app's first screen reads it, and must
// not load the listing code to do so.

/** The search in the URL (`?q=&mode=&over=&under=&after=&before=&class=` next to bucket and prefix), or null. */
export function parseSearchQuery(search: string): SearchQuery | null {
  const params = new URLSearchParams(search);
  const size = (name: string) => {
    const value = params.get(name);
    return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const mode = params.get('mode') as SearchMode | null;
  const query: SearchQuery = {
    text: params.get('q') ?? '',
    mode: mode && SEARCH_MODES.includes(mode) ? mode : 'contains',
    over: size('over'),
    under: size('under'),
    after: params.get('after') || undefined,
    before: params.get('before') || undefined,
    storageClass: params.get('class') || undefined,
  };
  return isSearching(query) ? query : null;
}

export function searchToUrl(place: Place, query: SearchQuery | null): string {
  const base = placeToSearch(place);
  if (!query || !isSearching(query)) return base;
  const params = new URLSearchParams(base);
  params.set('q', query.text);
  params.set('mode', query.mode);
  if (query.over !== undefined) params.set('over', String(query.over));
  if (query.under !== undefined) params.set('under', String(query.under));
  if (query.after) params.set('after', query.after);
  if (query.before) params.set('before', query.before);
  if (query.storageClass) params.set('class', query.storageClass);
  return `?${params.toString()}`;
}

/** Sets the search of the current folder; `drawn` as pushUrlSearch's: the search's first matches on screen. */
export type SetSearch = (query: SearchQuery | null, drawn?: Promise<unknown>) => void;

/** The search of the current folder, as the URL holds it; setting it adds a history entry (Back undoes it). */
export function useSearchRoute(): [SearchQuery | null, SetSearch] {
  const search = useUrlSearch();
  const query = useMemo(() => parseSearchQuery(search), [search]);
  const setQuery = useCallback<SetSearch>(
    (next, drawn) => pushUrlSearch(searchToUrl(parsePlace(currentSearch()), next), drawn),
    [],
  );
  return [query, setQuery];
}
