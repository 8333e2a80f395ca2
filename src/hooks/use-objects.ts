import {
  infiniteQueryOptions,
  useInfiniteQuery,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { fetchObjectsPage, FIRST_PAGE_SIZE, type ArrivedPage, type ObjectPage } from '../s3/objects';
import { UnorderedListingRefused } from '../s3/unordered';
import type { UnorderedListingOption } from '../s3/listing-options';
import { useUnorderedListing } from './use-listing-options';
import { useLoadAllPages, type PagedListing } from './load-all';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';
import { currentSearch, type Place } from './use-route';

type Listing = InfiniteData<ObjectPage, string | undefined>;
type FetchPage = (
  token: string | undefined,
  options?: { signal?: AbortSignal; sent?: () => void; maxKeys?: number },
) => Promise<ArrivedPage>;

/**
 * The query key of a folder's listing and how to fetch one of its pages: shared by the listing, Load all and the
 * folder opener.
 */
function useListingSources() {
  const session = useConnectedSession();
  const id = connectionId(session);
  const { active: unordered, option } = useUnorderedListing();
  return (bucket: string, prefix: string) => listingSource(session, id, unordered, option, bucket, prefix);
}

function listingSource(
  session: ReturnType<typeof useConnectedSession>,
  id: string,
  unordered: boolean,
  option: UnorderedListingOption,
  bucket: string,
  prefix: string,
) {
  const queryKey = unordered
    ? s3Keys.objectsUnordered(id, bucket, prefix)
    : s3Keys.objects(id, bucket, prefix);
  const fetchPage: FetchPage = (token, options) =>
    fetchObjectsPage(session, {
      bucket,
      prefix,
      token,
      ...options,
      // RGW 16 refuses allow-unordered with a delimiter: unordered means flat.
      ...(unordered ? { unordered: true, delimiter: '' } : {}),
    }).catch((error: unknown) => {
      // The option turns itself off for this server, and the folder is listed again in order.
      if (error instanceof UnorderedListingRefused) option.markRefused(error);
      throw error;
    });
  return { queryKey, fetchPage };
}

function useListingSource(bucket: string, prefix: string) {
  return useListingSources()(bucket, prefix);
}

/** The listing query of one folder, for useInfiniteQuery and for fetching it before the folder is drawn. */
function listingQuery({ queryKey, fetchPage }: ReturnType<typeof listingSource>) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: async ({ pageParam, signal }) =>
      (await fetchPage(pageParam, { signal, maxKeys: pageParam ? undefined : FIRST_PAGE_SIZE })).read(),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: ObjectPage) => page.nextToken,
    // Pages arrive whole and are never edited: comparing every key of every page with the last copy on each new
    // page (the default structural sharing) made a 100,000-key listing quadratic.
    structuralSharing: false,
    retry: false,
  });
}

/** How long a click on a folder waits for the folder's first page before drawing the folder without it. */
const OPEN_WAIT_MS = 300;

/**
 * Opens a folder the way it is drawn fastest: its first page is asked for at once, and the folder is drawn when
 * that page is here (or after OPEN_WAIT_MS, with "Loading…"), in one render instead of two while the request runs.
 * `warm` asks for the first page ahead of the click, when the pointer goes down on a folder: a person's press
 * and release usually last longer than the whole request, so the rows are there when the click lands.
 */
export function useFolderOpener(navigate: (place: Place) => void) {
  const queryClient = useQueryClient();
  const sources = useListingSources();
  const latest = useRef(0);
  /** The folder's listing query, and its first page: in the cache, or on its way (joined, not asked twice). */
  const firstPage = (bucket: string, prefix: string) => {
    const query = listingQuery(sources(bucket, prefix));
    const cached = queryClient.getQueryData(query.queryKey) !== undefined;
    return { cached, ready: cached ? undefined : queryClient.prefetchInfiniteQuery(query) };
  };
  const open = (place: Place) => {
    const ticket = ++latest.current;
    if (!place.bucket) return navigate(place);
    const { cached, ready } = firstPage(place.bucket, place.prefix);
    if (cached) return navigate(place);
    const from = currentSearch();
    void Promise.race([ready, new Promise((resolve) => setTimeout(resolve, OPEN_WAIT_MS))]).then(() => {
      // A later click, Back or another link went somewhere else meanwhile.
      if (ticket === latest.current && currentSearch() === from) navigate(place);
    });
  };
  const warm = (place: Place) => {
    if (place.bucket) firstPage(place.bucket, place.prefix);
  };
  return { open, warm };
}

/**
 * One folder's listing: a short first page (its rows show sooner), the next page of up to 1000 keys asked for as
 * soon as the first is drawn, and the ones after it as the user scrolls. With "Unordered listing" on, it is RGW's
 * flat, unordered listing of everything under the folder instead.
 */
export function useObjectListing(bucket: string, prefix: string) {
  const queryClient = useQueryClient();
  const query = listingQuery(useListingSource(bucket, prefix));
  const listing = useInfiniteQuery(query);
  // Asked for in the task after the first page is drawn, so the second request never delays the first rows:
  // the effects of a folder drawn on a click run within the click's render, before the rows are shown.
  // Not after a failure: the error is shown with its Retry instead of being asked for again and again.
  const { data, hasNextPage, isFetching, isError, fetchNextPage } = listing;
  const onlyFirstPage = data?.pages.length === 1 && hasNextPage && !isFetching && !isError;
  useEffect(() => {
    if (!onlyFirstPage) return;
    const next = setTimeout(() => void fetchNextPage({ cancelRefetch: false }));
    return () => clearTimeout(next);
  }, [onlyFirstPage, fetchNextPage]);
  /**
   * Asks for the page after the `drawn` ones (the pages a table shows), in the next task and judged on the cache
   * as it is then: a table's effect runs with the values of its render, and may run after the next page has
   * landed, when asking on those values would fetch one more that nobody scrolled to. Not after a failure
   * either: the error is shown with its Retry instead. In the next task, as above: a new folder's table asks
   * from the effects of the render its first rows wait for.
   */
  const fetchPageAfter = (drawn: readonly ObjectPage[]) =>
    setTimeout(() => {
      const now = queryClient.getQueryState<Listing>(query.queryKey);
      const pages = now?.data?.pages;
      if (now?.status === 'error' || !pages || pages.length !== drawn.length) return;
      if (pages[pages.length - 1].nextToken) void fetchNextPage({ cancelRefetch: false });
    });
  return { ...listing, fetchPageAfter };
}

/**
 * "Load all" of a folder's listing (see useLoadAllPages): each page is read after the request for the next one is
 * out (see ArrivedPage).
 */
export function useLoadAll(bucket: string, prefix: string, listing: PagedListing) {
  const { queryKey, fetchPage } = useListingSource(bucket, prefix);
  return useLoadAllPages<ObjectPage, string>(
    {
      queryKey,
      fetchPage: async (token, options) => {
        const page = await fetchPage(token, options);
        return { next: page.nextToken, read: page.read };
      },
      nextOf: (page) => page.nextToken,
    },
    listing,
  );
}
