import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyCorsRule } from '../s3/cors';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/**
 * "Apply CORS rule" for this page's origin. `via: 'relay'` when the page itself is refused by the bucket; after
 * it, the bucket's listing and details refetch (direct mode then works).
 */
export function useApplyCorsRule(bucket: string) {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (options: { via?: 'relay' } = {}) =>
      applyCorsRule(session, bucket, window.location.origin, options),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: s3Keys.bucket(connectionId(session), bucket) }),
  });
}
