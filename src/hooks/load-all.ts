import { useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { afterNextFrame } from '../lib/next-frame';
import { pagesAhead, type ArrivingPage } from '../s3/paging';
import { isTableScrolling } from '../s3/table-scrolling';

/** How often "Load all" hands the pages it has to the table (each hand-over redraws the whole listing). */
const LOAD_ALL_FLUSH_MS = 500;

/**
 * While the user scrolls a table, waits for the next frame to be drawn: "Load all" then reads each page, and hands
 * pages to the table, in the time left before the next frame, never in a frame.
 */
const yieldToScrolling = () => (isTableScrolling() ? afterNextFrame() : undefined);

/** The parts of an infinite listing query "Load all" drives. */
export interface PagedListing {
  hasNextPage: boolean;
  isError: boolean;
  fetchNextPage: (options?: {
    cancelRefetch?: boolean;
  }) => Promise<{ hasNextPage: boolean; isError: boolean }>;
}

/** How to fetch one page of a listing by its cursor, and where a page says the next one starts. */
export interface PageSource<Page, Cursor> {
  queryKey: QueryKey;
  fetchPage: (
    cursor: Cursor,
    options: { signal: AbortSignal; sent: () => void },
  ) => Promise<ArrivingPage<Page, Cursor>>;
  nextOf: (page: Page) => Cursor | undefined;
}

/**
 * "Load all": fetches the rest of a listing (for an exact count, sorting every key, selecting everything), and
 * can be stopped at any page. Its pages go back to back, each request out the moment the last answer is read,
 * and reach the listing's cache (and so the table) in batches at most twice a second: going through the query for
 * each page (a cache update and a re-render per page) would put that work between one answer and the next
 * request. `source` is read when a run starts; its query key names it.
 */
export function useLoadAllPages<Page, Cursor>(source: PageSource<Page, Cursor>, listing: PagedListing) {
  const queryClient = useQueryClient();
  const [active, setActive] = useState(false);
  const { hasNextPage, isError, fetchNextPage } = listing;
  // A failed page stops the run (the listing shows the error and its Retry); Load all starts it again.
  const loadingAll = active && hasNextPage && !isError;
  const keyText = JSON.stringify(source.queryKey);
  useEffect(() => {
    if (!loadingAll) return;
    const controller = new AbortController();
    const { queryKey } = source;
    type Listing = InfiniteData<Page, Cursor | undefined>;
    void loadRest(
      {
        ...source,
        read: () => queryClient.getQueryData<Listing>(queryKey),
        write: (update) => queryClient.setQueryData<Listing>(queryKey, update),
        fetchNextPage,
      },
      controller.signal,
    );
    return () => controller.abort();
    // The key's text stands for the key and the source (both follow what is listed and how).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadingAll, keyText, queryClient, fetchNextPage]);
  return { loadingAll, start: () => setActive(true), stop: () => setActive(false) };
}

interface ListingCache<Page, Cursor> extends PageSource<Page, Cursor> {
  read: () => InfiniteData<Page, Cursor | undefined> | undefined;
  write: (
    update: (
      old: InfiniteData<Page, Cursor | undefined> | undefined,
    ) => InfiniteData<Page, Cursor | undefined> | undefined,
  ) => void;
  fetchNextPage: PagedListing['fetchNextPage'];
}

async function loadRest<Page, Cursor>(cache: ListingCache<Page, Cursor>, signal: AbortSignal): Promise<void> {
  const { nextOf } = cache;
  // Through the query first: joins a page already on its way (the table asks for more as it scrolls), so the
  // run below never races the query's own fetch.
  let first = await cache.fetchNextPage({ cancelRefetch: false });
  while (!signal.aborted && first.hasNextPage && !first.isError) {
    let anchor = cache.read()?.pages.at(-1);
    const from = anchor && nextOf(anchor);
    if (from === undefined) return;
    const batch: Page[] = [];
    let flushedAt = performance.now();
    /** Appends the batch after `anchor`; false if the listing changed meanwhile (a refresh): start again. */
    const flush = (): boolean => {
      if (!batch.length) return true;
      let fresh = true;
      const pages = batch.splice(0);
      const after = anchor;
      cache.write((old) => {
        if (!old || !after || old.pages.at(-1) !== after) {
          fresh = false;
          return old;
        }
        const cursors = [after, ...pages.slice(0, -1)].map(nextOf);
        return { pages: [...old.pages, ...pages], pageParams: [...old.pageParams, ...cursors] };
      });
      anchor = pages.at(-1);
      flushedAt = performance.now();
      return fresh;
    };
    try {
      const rest = pagesHere(cache, from, signal);
      let fresh = true;
      for await (const page of rest) {
        batch.push(page);
        if (
          signal.aborted ||
          nextOf(page) === undefined ||
          performance.now() - flushedAt >= LOAD_ALL_FLUSH_MS
        ) {
          await yieldToScrolling();
          fresh = flush();
          if (!fresh || signal.aborted) break;
        }
      }
      if (fresh) return;
    } catch {
      // Keep what arrived; the failed page is asked for once more through the query, which shows the error
      // (with its Retry) if it fails again, or carries on if it was a passing fault.
      if (!flush() || signal.aborted) continue;
      first = await cache.fetchNextPage({ cancelRefetch: false });
    }
  }
}

/**
 * Each page is read after the request for the next one is out (see pagesAhead), and while the user scrolls, just
 * after a frame (see yieldToScrolling).
 */
async function* pagesHere<Page, Cursor>(
  source: PageSource<Page, Cursor>,
  from: Cursor,
  signal: AbortSignal,
): AsyncGenerator<Page> {
  const pages = pagesAhead<ArrivingPage<Page, Cursor>, Cursor>(async (cursor, sent) => {
    const page = await source.fetchPage(cursor!, { signal, sent });
    return { items: () => [page], next: page.next };
  }, from);
  for await (const [page] of pages) {
    await yieldToScrolling();
    yield page.read();
  }
}
