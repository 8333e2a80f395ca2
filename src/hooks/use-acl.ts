import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  getBucketAcl,
  getObjectAcl,
  setBucketCannedAcl,
  setObjectCannedAcl,
  type AclState,
  type AclUnsupported,
} from '../s3/acl';
import type { S3AppError } from '../s3/errors';
import { createLimiter } from '../s3/limit';
import { connectionId, useConnectionServices } from './use-session';
import { s3Keys } from './query-keys';

/** ACLs change rarely and only through this app's toggles (which update the cache), so reads stay fresh long. */
const ACL_STALE_MS = 10 * 60_000;
/** Selection changes in flight at once (the same bound as the row reads of AclCapabilities). */
const ACL_CONCURRENCY = 4;

/**
 * One object's access, for a visible row or the details panel. Only mounted rows ask (the table is virtualized),
 * through a per-connection queue of ACL_CONCURRENCY; a row scrolled away before its turn is dropped unasked.
 */
export function useObjectAcl(bucket: string, key: string) {
  const { session, acl } = useConnectionServices();
  return useQuery({
    queryKey: s3Keys.acl(connectionId(session), bucket, key),
    queryFn: async ({ signal }) =>
      acl.unsupported(bucket) ??
      acl.remember(bucket, await acl.limit(() => getObjectAcl(session, bucket, key, signal), signal)),
    staleTime: ACL_STALE_MS,
    retry: false,
  });
}

const optimistic = (publicRead: boolean): AclState => ({
  supported: true,
  access: publicRead ? 'public' : 'private',
  publicRead,
  grants: publicRead ? [{ grantee: 'Everyone (anonymous)', granteeType: 'group', permission: 'READ' }] : [],
});

/** Puts back what the cache held before an optimistic change; with nothing to put back, asks the server again. */
function restore(queryClient: QueryClient, queryKey: readonly unknown[], previous: AclState | undefined) {
  if (previous) queryClient.setQueryData(queryKey, previous);
  else void queryClient.invalidateQueries({ queryKey });
}

/** The toggle: shows the new access at once, and puts the old one back if the server refuses. */
export function useSetObjectPublic(bucket: string) {
  const { session, acl } = useConnectionServices();
  const queryClient = useQueryClient();
  const id = connectionId(session);
  return useMutation<AclState, S3AppError, { key: string; publicRead: boolean }, { previous?: AclState }>({
    mutationFn: ({ key, publicRead }) =>
      setObjectCannedAcl(session, bucket, key, publicRead ? 'public-read' : 'private').then((state) =>
        acl.remember(bucket, state),
      ),
    onMutate: async ({ key, publicRead }) => {
      const queryKey = s3Keys.acl(id, bucket, key);
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<AclState>(queryKey);
      queryClient.setQueryData<AclState>(queryKey, optimistic(publicRead));
      return { previous };
    },
    onError: (_error, { key }, context) =>
      restore(queryClient, s3Keys.acl(id, bucket, key), context?.previous),
    onSuccess: (state, { key }) => queryClient.setQueryData(s3Keys.acl(id, bucket, key), state),
    onSettled: (_state, _error, { key }) =>
      queryClient.invalidateQueries({ queryKey: s3Keys.publicUrl(id, bucket, key) }),
  });
}

export interface ManyAclResult {
  done: number;
  failures: { key: string; error: S3AppError }[];
  unsupported?: AclUnsupported;
}

/** "Make public" / "Make private" for a selection: optimistic per object, rolled back per object that failed. */
export function useSetManyObjectsPublic(bucket: string) {
  const { session, acl } = useConnectionServices();
  const queryClient = useQueryClient();
  const id = connectionId(session);
  return useMutation<
    ManyAclResult,
    S3AppError,
    { keys: string[]; publicRead: boolean; onProgress?: (done: number, total: number) => void },
    { previous: Map<string, AclState | undefined> }
  >({
    mutationFn: async ({ keys, publicRead, onProgress }) => {
      const result: ManyAclResult = { done: 0, failures: [] };
      const limit = createLimiter(ACL_CONCURRENCY);
      let finished = 0;
      await Promise.all(
        keys.map((key) =>
          limit(async () => {
            const queryKey = s3Keys.acl(id, bucket, key);
            try {
              // Once the server says it has no ACLs, the rest of the selection is not asked again.
              if (result.unsupported) return;
              const state = acl.remember(
                bucket,
                await setObjectCannedAcl(session, bucket, key, publicRead ? 'public-read' : 'private'),
              );
              queryClient.setQueryData(queryKey, state);
              if (state.supported) result.done++;
              else result.unsupported = state;
            } catch (error) {
              result.failures.push({ key, error: error as S3AppError });
            } finally {
              onProgress?.(++finished, keys.length);
            }
          }),
        ),
      );
      return result;
    },
    onMutate: async ({ keys, publicRead }) => {
      const previous = new Map<string, AclState | undefined>();
      for (const key of keys) {
        const queryKey = s3Keys.acl(id, bucket, key);
        await queryClient.cancelQueries({ queryKey });
        previous.set(key, queryClient.getQueryData<AclState>(queryKey));
        queryClient.setQueryData<AclState>(queryKey, optimistic(publicRead));
      }
      return { previous };
    },
    onSuccess: (result, { keys }, context) => {
      const failed = new Set(result.failures.map((f) => f.key));
      for (const key of keys) {
        const queryKey = s3Keys.acl(id, bucket, key);
        if (failed.has(key)) restore(queryClient, queryKey, context.previous.get(key));
        else if (result.unsupported) queryClient.setQueryData(queryKey, result.unsupported);
      }
    },
    onError: (_error, { keys }, context) => {
      for (const key of keys) restore(queryClient, s3Keys.acl(id, bucket, key), context?.previous.get(key));
    },
  });
}

/** The bucket's own ACL: public READ on a bucket lets anyone list its keys. */
export function useBucketAcl(bucket: string) {
  const { session } = useConnectionServices();
  return useQuery({
    queryKey: s3Keys.bucketAcl(connectionId(session), bucket),
    queryFn: ({ signal }) => getBucketAcl(session, bucket, signal),
    staleTime: ACL_STALE_MS,
    retry: false,
  });
}

export function useSetBucketPublic(bucket: string) {
  const { session } = useConnectionServices();
  const queryClient = useQueryClient();
  const queryKey = s3Keys.bucketAcl(connectionId(session), bucket);
  return useMutation<AclState, S3AppError, boolean, { previous?: AclState }>({
    mutationFn: (publicRead) => setBucketCannedAcl(session, bucket, publicRead ? 'public-read' : 'private'),
    onMutate: async (publicRead) => {
      await queryClient.cancelQueries({ queryKey });
      const previous = queryClient.getQueryData<AclState>(queryKey);
      queryClient.setQueryData<AclState>(queryKey, optimistic(publicRead));
      return { previous };
    },
    onError: (_error, _publicRead, context) => restore(queryClient, queryKey, context?.previous),
    onSuccess: (state) => queryClient.setQueryData(queryKey, state),
  });
}

/** Making something public is confirmed once per connection; the first time, the dialog says who can read it. */
export function usePublicConsent() {
  const { acl } = useConnectionServices();
  return {
    needed: () => acl.publicConsentNeeded(),
    give: () => acl.givePublicConsent(),
  };
}
