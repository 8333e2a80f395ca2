import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { S3AppError } from '../s3/errors';
import { listBuckets } from '../s3/buckets';
import { listFolders } from '../s3/folders';
import { checkRoot, intoFolder, renamed, type ListedObject, type TransferRoot } from '../s3/copy/plan';
import type { OtherConnection, TransferJobs, TransferJobsSnapshot } from '../s3/copy/transfer-jobs';
import { loadProfiles, type SavedProfile } from '../s3/profile-store';
import type { Credentials } from '../s3/profile';
import type { S3Session } from '../s3/session';
import { s3Keys } from './query-keys';
import { useSealedKeys } from './use-saved-profiles';
import { connectionId, useConnectedSession, useConnectionServices, useSession } from './use-session';

/** The connection's copy and move jobs, to start, cancel, retry and answer. */
export function useTransferStore(): TransferJobs {
  return useConnectionServices().transfers;
}

/** Every job with its progress and the open conflict question. */
export function useTransferJobs(): TransferJobsSnapshot {
  const jobs = useTransferStore();
  return useSyncExternalStore(jobs.subscribe, jobs.getSnapshot);
}

/**
 * Where each source (a key, or a folder prefix ending with "/") goes when put into `toPrefix`; refuses, with the
 * engine's own message, what cannot be done (a folder into itself) and a destination that changes nothing.
 * `listed`: what the listing showed of picked files, so the job need not read them again.
 */
export function planInto(
  sources: readonly string[],
  from: { bucket: string },
  /** `elsewhere`: the bucket is another connection's (a bucket of the same name is another bucket). */
  to: { bucket: string; prefix: string; elsewhere?: boolean },
  listed?: ReadonlyMap<string, ListedObject>,
): TransferRoot[] {
  const sameBucket = !to.elsewhere && from.bucket === to.bucket;
  const roots = sources.map((source) => intoFolder(source, to.prefix, listed?.get(source)));
  for (const root of roots) checkRoot(root, sameBucket);
  if (sameBucket && roots.every((root) => root.source === root.destination)) {
    throw new S3AppError(
      'invalid-destination',
      sources.length === 1 ? 'It is already in this folder.' : 'They are already in this folder.',
      'Pick another folder.',
      { code: 'SameFolder' },
    );
  }
  return roots;
}

/** A rename as a job's root; refuses an empty name or one with "/". */
export function planRename(source: string, newName: string): TransferRoot {
  return renamed(source, newName);
}

/** The subfolders of one folder, for the destination picker; of `other` when given, else of this connection. */
export function useFolderChoices(bucket: string, prefix: string, other?: S3Session) {
  const connected = useConnectedSession();
  const session = other ?? connected;
  return useQuery({
    queryKey: s3Keys.folders(connectionId(session), bucket, prefix),
    queryFn: ({ signal }) => listFolders(session, bucket, prefix, signal),
    retry: false,
  });
}

/**
 * The saved connections a copy can go to or a paste come from (this one aside), and opening one with its keys: a passphrase for keys
 * remembered on this device, else the secret key typed in. An opened one is kept by the jobs store, so its keys
 * are asked for once per connection.
 */
export function useOtherConnections() {
  const current = useConnectedSession();
  const { open } = useSession();
  const store = useTransferStore();
  const sealed = useSealedKeys();
  const queryClient = useQueryClient();
  const [profiles] = useState(loadProfiles);
  const choices = profiles.filter(
    (p) => !(p.endpoint === current.profile.endpoint && p.accessKeyId === current.accessKeyId),
  );
  return {
    choices,
    /** Whether the profile's keys are remembered here (a passphrase opens them) or must be typed. */
    isSealed: (profile: SavedProfile) => sealed.has(profile.id),
    opened: (profileId: string) => store.otherConnection(profileId),
    /** Opens a connection with a passphrase (sealed keys) or a secret key; rejects with what went wrong. */
    unlock: async (profile: SavedProfile, secret: string): Promise<OtherConnection> => {
      const credentials: Credentials = sealed.has(profile.id)
        ? await sealed.open(profile.id, secret)
        : { accessKeyId: profile.accessKeyId, secretAccessKey: secret.trim() };
      const { id, label, endpoint, region, pathStyle, transport } = profile;
      const session = await open({ id, label, endpoint, region, pathStyle, transport }, credentials);
      // As Connect does: wrong keys are said here, where they can be typed again, not kept for the connection.
      try {
        queryClient.setQueryData(s3Keys.buckets(connectionId(session)), await listBuckets(session));
      } catch (error) {
        const usableAnyway = error instanceof S3AppError && ['cors', 'access-denied'].includes(error.kind);
        if (!usableAnyway) {
          session.destroy();
          throw error;
        }
      }
      const connection = { id, label, session };
      store.keepOtherConnection(connection);
      return connection;
    },
  };
}
