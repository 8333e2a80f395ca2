import { useInfiniteQuery } from '@tanstack/react-query';
import { listObjectsPage } from '../s3/objects';
import { UnorderedListingRefused } from '../s3/unordered';
import { markUnorderedRefused, useUnorderedListing } from './use-listing-options';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/**
 * One folder's listing, a page of up to 1000 keys at a time; the next page is fetched as the user scrolls.
 * With "Unordered listing" on, it is RGW's flat, unordered listing of everything under the folder instead.
 */
export function useObjectListing(bucket: string, prefix: string) {
  const session = useConnectedSession();
  const id = connectionId(session);
  const unordered = useUnorderedListing(id).active;
  return useInfiniteQuery({
    queryKey: unordered ? s3Keys.objectsUnordered(id, bucket, prefix) : s3Keys.objects(id, bucket, prefix),
    queryFn: ({ pageParam, signal }) =>
      listObjectsPage(session, {
        bucket,
        prefix,
        token: pageParam,
        signal,
        // RGW 16 refuses allow-unordered with a delimiter: unordered means flat.
        ...(unordered ? { unordered: true, delimiter: '' } : {}),
      }).catch((error: unknown) => {
        // The option turns itself off for this server, and the folder is listed again in order.
        if (error instanceof UnorderedListingRefused) markUnorderedRefused(id, error);
        throw error;
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextToken,
    // Pages arrive whole and are never edited: comparing every key of every page with the last copy on each new
    // page (the default structural sharing) made a 100,000-key listing quadratic.
    structuralSharing: false,
    retry: false,
  });
}
