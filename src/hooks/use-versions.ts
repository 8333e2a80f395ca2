import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo } from 'react';
import { parentOf } from '../s3/copy/keys';
import { existingAsOf } from '../s3/versions/as-of';
import { FolderRestoreJob, planFolderRestore } from '../s3/versions/folder-restore';
import {
  fetchVersionsPage,
  listAllVersions,
  listVersionsPage,
  type VersionCursor,
  type VersionPage,
} from '../s3/versions/list-versions';
import type { RestorePlan } from '../s3/versions/restore-plan';
import { readBucketLock, readVersionLock } from '../s3/versions/object-lock';
import { UndeleteJob } from '../s3/versions/undelete-job';
import { deleteVersion, restoreVersion, type VersionRef } from '../s3/versions/version-actions';
import { announceBucketChange } from './bucket-changes';
import { useLoadAllPages, type PagedListing } from './load-all';
import { s3Keys } from './query-keys';
import { connectionId, useConnectedSession } from './use-session';
import { useVersionJobStore } from './use-version-jobs';

/** A folder's versions and delete markers, page after page as the table asks (`fetchNextPage`). */
export function useObjectVersions(bucket: string, prefix: string, options: { enabled?: boolean } = {}) {
  const session = useConnectedSession();
  return useInfiniteQuery({
    queryKey: s3Keys.versions(connectionId(session), bucket, prefix),
    queryFn: ({ pageParam, signal }) =>
      listVersionsPage(session, { bucket, prefix, cursor: pageParam, signal }),
    initialPageParam: undefined as VersionCursor | undefined,
    getNextPageParam: (page) => page.next,
    // Pages arrive whole and are never edited (see the listing's query).
    structuralSharing: false,
    enabled: options.enabled ?? true,
    retry: false,
  });
}

/** "Load all" of a folder's versions (useObjectVersions), pages back to back (see useLoadAllPages). */
export function useLoadAllVersions(bucket: string, prefix: string, listing: PagedListing) {
  const session = useConnectedSession();
  return useLoadAllPages<VersionPage, VersionCursor>(
    {
      queryKey: s3Keys.versions(connectionId(session), bucket, prefix),
      fetchPage: async (cursor, { signal, sent }) => {
        const page = await fetchVersionsPage(session, { bucket, prefix, cursor, signal, sent });
        return { next: page.next, read: () => ({ ...page.read(), next: page.next }) };
      },
      nextOf: (page) => page.next,
    },
    listing,
  );
}

/** Every version and delete marker under a prefix, subfolders included, page after page. */
export function useVersionsBelow(bucket: string, prefix: string, options: { enabled?: boolean } = {}) {
  const session = useConnectedSession();
  return useInfiniteQuery({
    queryKey: s3Keys.versionsBelow(connectionId(session), bucket, prefix),
    queryFn: ({ pageParam, signal }) =>
      listVersionsPage(session, { bucket, prefix, delimiter: '', cursor: pageParam, signal }),
    initialPageParam: undefined as VersionCursor | undefined,
    getNextPageParam: (page) => page.next,
    enabled: options.enabled ?? true,
    retry: false,
  });
}

/**
 * Fetches page after page until the last (or a failure, which stays shown with its Retry): for views that need
 * the whole listing, such as a folder as of a date or the deleted keys below a folder.
 */
export function useEveryPage(query: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isError: boolean;
  isPending: boolean;
  fetchNextPage: () => Promise<unknown>;
}) {
  const { hasNextPage, isFetchingNextPage, isError, isPending, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError && !isPending) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, isPending, fetchNextPage]);
}

/**
 * A folder as it was at `time` (ms since the epoch): every page of its versions is read, then for each key the
 * version current then (keys that did not exist then are left out). `asOf` waits for the last page.
 */
export function useFolderAsOf(bucket: string, prefix: string, time: number | undefined) {
  const versions = useObjectVersions(bucket, prefix);
  useEveryPage(versions);
  const pages = versions.data?.pages;
  const complete = !!pages && !versions.hasNextPage;
  const asOf = useMemo(() => {
    if (!pages || !complete || time === undefined) return undefined;
    return {
      folders: [...new Set(pages.flatMap((page) => page.folders))],
      versions: existingAsOf(
        pages.flatMap((page) => page.versions),
        new Date(time),
      ),
    };
  }, [pages, complete, time]);
  return { versions, asOf };
}

/** Every version and delete marker of one key, newest first. */
export function useKeyHistory(bucket: string, key: string, options: { enabled?: boolean } = {}) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.objectHistory(connectionId(session), bucket, key),
    queryFn: async ({ signal }) =>
      (await listAllVersions(session, { bucket, prefix: key, signal })).filter((v) => v.key === key),
    enabled: options.enabled ?? true,
    retry: false,
  });
}

/** The bucket's object-lock configuration: whether versions there can be locked at all. */
export function useBucketLock(bucket: string) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.bucketLock(connectionId(session), bucket),
    queryFn: ({ signal }) => readBucketLock(session, bucket, signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Retention and legal hold of one version; only asked where the bucket has object lock on. */
export function useVersionLock(ref: VersionRef, options: { enabled?: boolean } = {}) {
  const session = useConnectedSession();
  return useQuery({
    queryKey: s3Keys.versionLock(connectionId(session), ref.bucket, ref.key, ref.versionId),
    queryFn: ({ signal }) => readVersionLock(session, ref, signal),
    enabled: options.enabled ?? true,
    retry: false,
  });
}

/** After a key's history changed: its folder's listing and versions, and the key's own facts, are read again. */
function useKeyChanged(bucket: string) {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  const id = connectionId(session);
  return (key: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: s3Keys.objects(id, bucket, parentOf(key)) }),
      queryClient.invalidateQueries({ queryKey: s3Keys.allVersions(id, bucket) }),
      queryClient.invalidateQueries({ queryKey: s3Keys.object(id, bucket, key) }),
    ]);
}

/** Copies an older version to be the latest again (nothing is deleted). */
export function useRestoreVersion(bucket: string) {
  const session = useConnectedSession();
  const changed = useKeyChanged(bucket);
  return useMutation({
    mutationFn: (ref: Omit<VersionRef, 'bucket'> & { size?: number }) =>
      restoreVersion(session, { ...ref, bucket }),
    onSettled: (_data, _error, ref) => changed(ref.key),
  });
}

/** Announces a change to the bucket when a versions job's run ends, in this tab and the others. */
function useBucketChanged(bucket: string) {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  const id = connectionId(session);
  return useCallback(
    () => void announceBucketChange(queryClient, { connectionId: id, bucket }),
    [queryClient, id, bucket],
  );
}

/**
 * Undelete (one key, a selection, every deleted key of a folder) as a job in the jobs panel: the delete markers
 * on top of each key go, many per request. Returns the function that starts it.
 */
export function useUndelete(bucket: string) {
  const session = useConnectedSession();
  const store = useVersionJobStore();
  const changed = useBucketChanged(bucket);
  return useCallback(
    (keys: readonly string[]) =>
      store.start({ kind: 'undelete', bucket, keys }, new UndeleteJob({ session, bucket, keys }), changed),
    [store, session, bucket, changed],
  );
}

/** Deletes one version for good; only after a confirm that says so. */
export function useDeleteVersion(bucket: string) {
  const session = useConnectedSession();
  const changed = useKeyChanged(bucket);
  return useMutation({
    mutationFn: (ref: Omit<VersionRef, 'bucket'>) => deleteVersion(session, { ...ref, bucket }),
    onSettled: (_data, _error, ref) => changed(ref.key),
  });
}

/**
 * "Restore folder to this time": `plan` lists the folder's versions and says what would change; `run` starts the
 * job for that plan in the jobs panel (progress, Cancel, Retry failed there). The bucket is read again when the
 * job ends.
 */
export function useFolderRestore(bucket: string, prefix: string) {
  const session = useConnectedSession();
  const store = useVersionJobStore();
  const changed = useBucketChanged(bucket);
  const plan = useMutation({
    mutationFn: (input: { time: Date; signal?: AbortSignal }) =>
      planFolderRestore(session, { bucket, prefix, time: input.time, signal: input.signal }),
  });
  const run = useCallback(
    (restorePlan: RestorePlan, hideAbsent: boolean) =>
      store.start(
        { kind: 'restore-folder', bucket, prefix, time: restorePlan.time },
        new FolderRestoreJob({ session, bucket, plan: restorePlan, hideAbsent }),
        changed,
      ),
    [store, session, bucket, prefix, changed],
  );
  return { plan, run };
}
