import { useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { S3AppError } from '../s3/errors';
import { listFolders } from '../s3/folders';
import { checkRoot, intoFolder, renamed, type ListedObject, type TransferRoot } from '../s3/copy/plan';
import type { TransferJobs, TransferJobsSnapshot } from '../s3/copy/transfer-jobs';
import { s3Keys } from './query-keys';
import { connectionId, useConnectedSession, useConnectionServices } from './use-session';

/** The connection's copy and move jobs, to start, cancel, retry and answer. */
export function useTransferStore(): TransferJobs {
  return useConnectionServices().transfers;
}

/** Every job with its progress, the open conflict question and the clipboard. */
export function useTransferJobs(): TransferJobsSnapshot {
  const jobs = useTransferStore();
  return useSyncExternalStore(jobs.subscribe, jobs.getSnapshot);
}

/** What is on the cut/copy clipboard, alone: the rest of the store changes far more often. */
export function useTransferClipboard() {
  const jobs = useTransferStore();
  return useSyncExternalStore(jobs.subscribe, () => jobs.getSnapshot().clipboard);
}

/**
 * Where each source (a key, or a folder prefix ending with "/") goes when put into `toPrefix`; refuses, with the
 * engine's own message, what cannot be done (a folder into itself) and a destination that changes nothing.
 * `listed`: what the listing showed of picked files, so the job need not read them again.
 */
export function planInto(
  sources: readonly string[],
  from: { bucket: string },
  to: { bucket: string; prefix: string },
  listed?: ReadonlyMap<string, ListedObject>,
): TransferRoot[] {
  const sameBucket = from.bucket === to.bucket;
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

/** The subfolders of one folder, for the destination picker. */
export function useFolderChoices(bucket: string, prefix: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.folders(connectionId(session), bucket, prefix),
    queryFn: ({ signal }) => listFolders(session, bucket, prefix, signal),
    retry: false,
  });
}
