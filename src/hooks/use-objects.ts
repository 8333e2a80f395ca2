import { useInfiniteQuery } from '@tanstack/react-query';
import { listObjectsPage } from '../s3/objects';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/** One folder's listing, a page of up to 1000 keys at a time; the next page is fetched as the user scrolls. */
export function useObjectListing(bucket: string, prefix: string) {
  const session = useConnectedSession();
  return useInfiniteQuery({
    queryKey: s3Keys.objects(connectionId(session), bucket, prefix),
    queryFn: ({ pageParam, signal }) =>
      listObjectsPage(session, { bucket, prefix, token: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextToken,
    retry: false,
  });
}
