import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ObjectEntry } from '../s3/objects';
import {
  compileSearch,
  isSearching,
  SEARCH_MODES,
  type SearchMode,
  type SearchQuery,
} from '../s3/search/matcher';
import { scanForMatches } from '../s3/search/scan';
import { useConnectedSession } from './use-session';
import { parsePlace, placeToSearch, pushUrlSearch, useUrlSearch, type Place } from './use-route';

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

/** The search of the current folder, as the URL holds it; setting it adds a history entry (Back undoes it). */
export function useSearchRoute(): [SearchQuery | null, (query: SearchQuery | null) => void] {
  const search = useUrlSearch();
  const query = useMemo(() => parseSearchQuery(search), [search]);
  const setQuery = useCallback(
    (next: SearchQuery | null) => pushUrlSearch(searchToUrl(parsePlace(window.location.search), next)),
    [],
  );
  return [query, setQuery];
}

export type SearchStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'invalid';

export interface SearchState {
  status: SearchStatus;
  /** The matches so far, in batches as they arrived (each batch is never changed: rows are made once per batch). */
  batches: ObjectEntry[][];
  found: number;
  scanned: number;
  elapsedMs: number;
  error?: unknown;
  /** Why the query cannot run (a bad pattern or filter), found before any request. */
  invalid?: string;
}

/** How often the table takes in new matches while keys pour in: fast enough to look live, rare enough to scroll. */
const FLUSH_MS = 100;

/**
 * Runs a search of `prefix` and everything below it while mounted (unmounting cancels), gathering the matches
 * only: memory follows what is found, not what is scanned. Key the component by the query: a new query is a new
 * search with fresh state.
 */
export function useSearch(bucket: string, prefix: string, query: SearchQuery) {
  const session = useConnectedSession();
  const compiled = useMemo(() => compileSearch(query, prefix), [query, prefix]);
  const [state, setState] = useState<SearchState>(() => initial(compiled));
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!compiled.ok) return;
    const abort = new AbortController();
    controller.current = abort;
    const started = performance.now();
    let pending: ObjectEntry[] = [];
    let scannedSince = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let firstShown = false;
    // Set when this scan's query or place is gone: its last words must not land in the next scan's state.
    let disposed = false;
    const flush = (status: SearchStatus, error?: unknown) => {
      if (disposed) return;
      clearTimeout(timer);
      timer = undefined;
      const batch = pending;
      const scanned = scannedSince;
      pending = [];
      scannedSince = 0;
      setState((s) => ({
        ...s,
        status,
        error,
        batches: batch.length ? [...s.batches, batch] : s.batches,
        found: s.found + batch.length,
        scanned: s.scanned + scanned,
        elapsedMs: performance.now() - started,
      }));
    };
    scanForMatches(session, {
      bucket,
      prefix,
      test: compiled.test,
      signal: abort.signal,
      onPage: (matches, scanned) => {
        if (matches.length) pending.push(...matches);
        scannedSince += scanned;
        // The first match shows at once; later ones are gathered for a moment.
        if (matches.length && !firstShown) {
          firstShown = true;
          flush('running');
        } else timer ??= setTimeout(() => flush('running'), FLUSH_MS);
      },
    }).then(
      () => flush('done'),
      (error: unknown) =>
        flush(abort.signal.aborted ? 'cancelled' : 'failed', abort.signal.aborted ? undefined : error),
    );
    return () => {
      disposed = true;
      clearTimeout(timer);
      abort.abort();
    };
  }, [session, bucket, prefix, compiled]);

  const cancel = useCallback(() => controller.current?.abort(), []);
  /** Drops matches that no longer exist (deleted from the results). */
  const forget = useCallback((keys: readonly string[]) => {
    const gone = new Set(keys);
    setState((s) => {
      const batches = s.batches.map((b) => b.filter((o) => !gone.has(o.key))).filter((b) => b.length);
      return { ...s, batches, found: batches.reduce((n, b) => n + b.length, 0) };
    });
  }, []);
  return { ...state, cancel, forget };
}

function initial(compiled: ReturnType<typeof compileSearch>): SearchState {
  return compiled.ok
    ? { status: 'running', batches: [], found: 0, scanned: 0, elapsedMs: 0 }
    : { status: 'invalid', batches: [], found: 0, scanned: 0, elapsedMs: 0, invalid: compiled.message };
}
