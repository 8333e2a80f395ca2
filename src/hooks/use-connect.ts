import { useMutation, useQueryClient } from '@tanstack/react-query';
import { S3AppError } from '../s3/errors';
import type { ConnectionProfile, Credentials } from '../s3/profile';
import { connectionId, loadConnectionRuntime, useSession } from './use-session';
import { s3Keys } from './query-keys';

/**
 * "Connect": proves the keys work by listing buckets. A refusal that only concerns ListBuckets (CORS for
 * service-level calls, or keys without that permission) still connects: the bucket list explains it and offers
 * "Open bucket" by name. Wrong keys, a dead endpoint or a non-S3 server keep the user on the form.
 */
export function useConnect() {
  const { open, activate } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({
      profile,
      credentials,
    }: {
      profile: ConnectionProfile;
      credentials: Credentials;
    }) => {
      const session = await open(profile, credentials);
      const { listBuckets } = await loadConnectionRuntime();
      try {
        const buckets = await listBuckets(session);
        queryClient.setQueryData(s3Keys.buckets(connectionId(session)), buckets);
      } catch (error) {
        const connectsAnyway = error instanceof S3AppError && ['cors', 'access-denied'].includes(error.kind);
        if (!connectsAnyway) {
          session.destroy();
          throw error;
        }
      }
      await activate(session, credentials);
      return session;
    },
  });
}
