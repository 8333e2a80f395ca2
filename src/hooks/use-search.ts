import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { whenIdle } from '../lib/when-idle';
import type { ObjectEntry } from '../s3/objects';
import { compileSearch, type SearchQuery } from '../s3/search/matcher';
import {
  fetchFirstPageAhead,
  forgetFirstPageAhead,
  prepareScanWorker,
  scanInWorker,
  signOpeningRequests,
} from '../s3/search/scan-client';
import type { S3Session } from '../s3/session';
import { parseSearchQuery, searchToUrl } from './search-route';
import { currentSearch, parsePlace } from './use-route';
import { useTransferStore } from './use-transfer-jobs';
import { useConnectedSession } from './use-session';

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

/**
 * Gets a search of the current folder ready while the user writes it: its worker starts, and its opening
 * requests are signed, now rather than when the search starts; with `fetchFirstPage` (in a folder, not on a
 * results page) its worker also fetches the folder's first page (see fetchFirstPageAhead).
 */
export function usePrepareSearch(): (fetchFirstPage: boolean) => void {
  const session = useConnectedSession();
  // Listings are refreshed after a write (here or in another tab, see bucket-changes.ts): so is that page.
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'invalidate') forgetFirstPageAhead();
      }),
    [queryClient],
  );
  return useCallback(
    (fetchFirstPage: boolean) => {
      prepareScanWorker();
      const { bucket, prefix } = parsePlace(currentSearch());
      if (!bucket) return;
      void (fetchFirstPage ? fetchFirstPageAhead : signOpeningRequests)(session, bucket, prefix);
    },
    [session],
  );
}

/**
 * Starts the next search's worker (and loads `alsoLoad`, the results page) once the browser is idle while
 * `enabled`: a search typed or pasted and sent at once then does not wait for them, as it would from the field's
 * focus alone.
 */
export function usePrefetchSearch(enabled: boolean, alsoLoad: () => Promise<unknown>): void {
  useEffect(
    () =>
      enabled
        ? whenIdle(() => {
            prepareScanWorker();
            void alsoLoad().catch(() => {}); // a failed prefetch is loaded again when needed
          })
        : undefined,
    [enabled, alsoLoad],
  );
}

type OnPage = (matches: ObjectEntry[], scanned: number) => void;

/**
 * A search started by the click on Search, before its results page is drawn (drawing it takes longer than the
 * first listing request): the page's useSearch takes it over, with the pages found meanwhile.
 */
interface EarlyScan {
  /** The search as its URL says it (the query string), which is what the results page will search. */
  id: string;
  session: S3Session;
  started: number;
  stop: AbortController;
  done: Promise<number>;
  /** Settles once its first matches are on screen, or it has ended. */
  drawn: Promise<void>;
  /** Hands over the pages found so far, then each page as it comes. */
  listen: (onPage: OnPage) => void;
  unclaimed: ReturnType<typeof setTimeout>;
}

let early: EarlyScan | undefined;

/** How long a search started ahead waits for its page (its chunk may fail to load) before it stops. */
const EARLY_SCAN_WAIT_MS = 10_000;

/**
 * Starts the search the user just asked for in the current folder, ahead of its results page (see EarlyScan),
 * and returns when its first matches are drawn (for the search's history entry, see pushUrlSearch). Nothing
 * starts when the URL already shows that search: no new page would take it.
 */
export function useStartSearch(): (query: SearchQuery) => Promise<void> | undefined {
  const session = useConnectedSession();
  return useCallback(
    (query: SearchQuery) => {
      const place = parsePlace(currentSearch());
      const url = searchToUrl(place, query);
      // What the results page will search: the query as its URL gives it back.
      const shown = parseSearchQuery(url);
      if (!place.bucket || !shown || url === currentSearch()) return undefined;
      early?.stop.abort();
      early = startEarly(session, searchToUrl(place, shown), place.bucket, place.prefix, shown);
      return early.drawn;
    },
    [session],
  );
}

function startEarly(
  session: S3Session,
  id: string,
  bucket: string,
  prefix: string,
  query: SearchQuery,
): EarlyScan {
  const stop = new AbortController();
  let found: [ObjectEntry[], number][] | undefined = [];
  let listener: OnPage | undefined;
  let shown!: () => void;
  const drawn = new Promise<void>((resolve) => (shown = resolve));
  const done = scanInWorker(session, {
    bucket,
    prefix,
    query,
    signal: stop.signal,
    onPage: (matches, scanned) => (listener ? listener(matches, scanned) : found?.push([matches, scanned])),
    onShown: shown,
  });
  // Its outcome is the page's to show once the page takes it; untaken, it only stops.
  done.then(shown, shown);
  return {
    id,
    session,
    started: performance.now(),
    stop,
    done,
    drawn,
    listen: (onPage) => {
      for (const [matches, scanned] of found ?? []) onPage(matches, scanned);
      found = undefined;
      listener = onPage;
    },
    unclaimed: setTimeout(() => stop.abort(), EARLY_SCAN_WAIT_MS),
  };
}

/** The search started ahead for this page, if it is this search; one started for another is stopped. */
function takeEarlyScan(session: S3Session, id: string): EarlyScan | undefined {
  const scan = early;
  early = undefined;
  if (!scan) return undefined;
  clearTimeout(scan.unclaimed);
  if (scan.id === id && scan.session === session && !scan.stop.signal.aborted) return scan;
  scan.stop.abort();
  return undefined;
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
    const ahead = takeEarlyScan(session, searchToUrl({ bucket, prefix }, query));
    const abort = ahead?.stop ?? new AbortController();
    controller.current = abort;
    const started = ahead?.started ?? performance.now();
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
    const onPage: OnPage = (matches, scanned) => {
      if (matches.length) pending.push(...matches);
      scannedSince += scanned;
      // The first match shows at once; later ones are gathered for a moment.
      if (matches.length && !firstShown) {
        firstShown = true;
        flush('running');
      } else timer ??= setTimeout(() => flush('running'), FLUSH_MS);
    };
    ahead?.listen(onPage);
    const done =
      ahead?.done ?? scanInWorker(session, { bucket, prefix, query, signal: abort.signal, onPage });
    done.then(
      () => flush('done'),
      (error: unknown) =>
        flush(abort.signal.aborted ? 'cancelled' : 'failed', abort.signal.aborted ? undefined : error),
    );
    return () => {
      disposed = true;
      clearTimeout(timer);
      abort.abort();
    };
  }, [session, bucket, prefix, query, compiled]);

  const cancel = useCallback(() => controller.current?.abort(), []);
  /** Drops matches that no longer exist (deleted from the results). */
  const forget = useCallback((keys: readonly string[]) => {
    const gone = new Set(keys);
    setState((s) => {
      const batches = s.batches.map((b) => b.filter((o) => !gone.has(o.key))).filter((b) => b.length);
      return { ...s, batches, found: batches.reduce((n, b) => n + b.length, 0) };
    });
  }, []);
  // Matches moved away by a finished move are no longer where the results say. A job stopped part way (cancelled,
  // failed) does not say which keys left, so its matches stay, and acting on one that left says it is gone.
  const transfers = useTransferStore();
  useEffect(
    () =>
      transfers.onEnded(({ request, snapshot }) => {
        if (request.mode !== 'move' || request.fromBucket !== bucket || snapshot.status !== 'done') return;
        const stayed = new Set(snapshot.failures.map((failure) => failure.sourceKey));
        forget(request.roots.map((root) => root.source).filter((key) => !stayed.has(key)));
      }),
    [transfers, bucket, forget],
  );
  return { ...state, cancel, forget };
}

function initial(compiled: ReturnType<typeof compileSearch>): SearchState {
  return compiled.ok
    ? { status: 'running', batches: [], found: 0, scanned: 0, elapsedMs: 0 }
    : { status: 'invalid', batches: [], found: 0, scanned: 0, elapsedMs: 0, invalid: compiled.message };
}
