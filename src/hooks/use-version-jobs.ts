import { useSyncExternalStore } from 'react';
import type { VersionJobs, VersionJobView } from '../s3/versions/version-jobs';
import { useConnectionServices } from './use-session';

/** The connection's undelete and folder-restore jobs, to cancel, retry and close. */
export function useVersionJobStore(): VersionJobs {
  return useConnectionServices().versionJobs;
}

/** Every undelete and folder-restore job with its progress. */
export function useVersionJobs(): VersionJobView[] {
  const jobs = useVersionJobStore();
  return useSyncExternalStore(jobs.subscribe, () => jobs.getSnapshot().jobs);
}
