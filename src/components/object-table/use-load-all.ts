import { useEffect, useState } from 'react';

interface PagedListing {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isError: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/**
 * "Load all": keeps fetching the next page, one at a time, until the listing is complete (for an exact count,
 * sorting every key, or selecting everything), and can be stopped at any page.
 */
export function useLoadAll(listing: PagedListing) {
  const [active, setActive] = useState(false);
  const { hasNextPage, isFetchingNextPage, isError, fetchNextPage } = listing;
  // A failed page stops the run (the listing shows the error and its Retry); Load all starts it again.
  const loadingAll = active && hasNextPage && !isError;
  useEffect(() => {
    if (loadingAll && !isFetchingNextPage) void fetchNextPage();
  }, [loadingAll, isFetchingNextPage, fetchNextPage]);
  return { loadingAll, start: () => setActive(true), stop: () => setActive(false) };
}
