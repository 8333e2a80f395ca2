import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getLifecycleRules, putLifecycleRules } from '../s3/lifecycle';
import type { LifecycleRuleInput } from '../s3/lifecycle-rules';
import { s3Keys } from './query-keys';
import { connectionId, useConnectedSession } from './use-session';

export function useLifecycleRules(bucket: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.lifecycle(connectionId(session), bucket),
    queryFn: ({ signal }) => getLifecycleRules(session, bucket, signal),
    retry: false,
  });
}

/** Saves the bucket's whole set of rules (S3 has no call for one rule), then reads them back. */
export function useSaveLifecycleRules(bucket: string) {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  const key = s3Keys.lifecycle(connectionId(session), bucket);
  return useMutation({
    mutationFn: (rules: LifecycleRuleInput[]) => putLifecycleRules(session, bucket, rules),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
