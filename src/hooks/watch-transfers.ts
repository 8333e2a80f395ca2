import type { QueryClient } from '@tanstack/react-query';
import type { TransferJobs } from '../s3/copy/transfer-jobs';
import { announceBucketChange } from './bucket-changes';

/**
 * Refreshes what a copy or move changed when it ends: the source bucket (a move took keys away) and the
 * destination bucket, in this tab and the others. Returns the way to stop (the session provider calls it).
 */
export function watchTransfers(
  jobs: TransferJobs,
  connectionId: string,
  queryClient: QueryClient,
): () => void {
  return jobs.onEnded(({ request }) => {
    const buckets = new Set([request.toBucket, ...(request.mode === 'move' ? [request.fromBucket] : [])]);
    for (const bucket of buckets) void announceBucketChange(queryClient, { connectionId, bucket });
  });
}
