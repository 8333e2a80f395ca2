import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { checkBucket, listBuckets } from '../s3/buckets';
import type { S3Session } from '../s3/session';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/** The buckets of this connection, or of `other` (a destination picked in another connection). */
export function useBuckets(other?: S3Session) {
  const connected = useConnectedSession();
  const session = other ?? connected;
  return useQuery({
    queryKey: s3Keys.buckets(connectionId(session)),
    queryFn: ({ signal }) => listBuckets(session, signal),
    // A refusal (CORS, permissions) will not change by retrying.
    retry: false,
  });
}

/** "Open bucket" by name: proves the keys can list it before navigating there. */
export function useCheckBucket() {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (bucket: string) => checkBucket(session, bucket),
    onSuccess: (_data, bucket) =>
      queryClient.invalidateQueries({ queryKey: s3Keys.bucket(connectionId(session), bucket) }),
  });
}
