import { useEffect, useState } from 'react';

interface PagedListing {
  hasNextPage: boolean;
  isError: boolean;
  fetchNextPage: (options?: {
    cancelRefetch?: boolean;
  }) => Promise<{ hasNextPage: boolean; isError: boolean }>;
}

/**
 * "Load all": fetches the next page, one at a time, until the listing is complete (for an exact count, sorting
 * every key, or selecting everything), and can be stopped at any page. Each request goes out the moment the last
 * answer is in the cache, not after the table has redrawn, so drawing overlaps the wire instead of adding to it.
 */
export function useLoadAll(listing: PagedListing) {
  const [active, setActive] = useState(false);
  const { hasNextPage, isError, fetchNextPage } = listing;
  // A failed page stops the run (the listing shows the error and its Retry); Load all starts it again.
  const loadingAll = active && hasNextPage && !isError;
  useEffect(() => {
    if (!loadingAll) return;
    let stopped = false;
    void (async () => {
      for (;;) {
        // cancelRefetch: false joins a page already on its way (the table asks for more as it scrolls).
        const result = await fetchNextPage({ cancelRefetch: false });
        if (stopped || result.isError || !result.hasNextPage) return;
      }
    })();
    return () => {
      stopped = true;
    };
  }, [loadingAll, fetchNextPage]);
  return { loadingAll, start: () => setActive(true), stop: () => setActive(false) };
}
