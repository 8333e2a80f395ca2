import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLimiter } from '../s3/limit';
import { getBucketVersioning, setBucketVersioning } from '../s3/versions/versioning';
import { s3Keys } from './query-keys';
import { connectionId, useConnectedSession } from './use-session';

/** A long bucket list asks for every row's state: a few at a time, so the rest of the page is not held up. */
const versioningReads = createLimiter(4);

/** The bucket's versioning state, for its row in the bucket table. */
export function useBucketVersioning(bucket: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.bucketVersioning(connectionId(session), bucket),
    queryFn: ({ signal }) => versioningReads(() => getBucketVersioning(session, bucket, signal), signal),
    retry: false,
    staleTime: 60_000,
  });
}

/** Switches versioning on or suspends it; the table's column and the details dialog read it again. */
export function useSetBucketVersioning(bucket: string) {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  const id = connectionId(session);
  return useMutation({
    mutationFn: (status: 'Enabled' | 'Suspended') => setBucketVersioning(session, bucket, status),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: s3Keys.bucketVersioning(id, bucket) }),
        queryClient.invalidateQueries({ queryKey: s3Keys.bucketDetails(id, bucket) }),
      ]),
  });
}
