import type { QueryClient } from '@tanstack/react-query';
import type { TransferJobs } from '../s3/copy/transfer-jobs';
import { announceBucketChange } from './bucket-changes';
import { connectionId as otherId } from './query-keys';

/**
 * Refreshes what a copy or move changed when it ends: the source bucket (a move took keys away) and the
 * destination bucket (either of another connection, across connections), in this tab and the others. Returns the way to stop (the session provider calls it).
 */
export function watchTransfers(
  jobs: TransferJobs,
  connectionId: string,
  queryClient: QueryClient,
): () => void {
  return jobs.onEnded(({ request }) => {
    const destination = request.toConnection ? otherId(request.toConnection.session) : connectionId;
    const changes = [{ connectionId: destination, bucket: request.toBucket }];
    const source = request.fromConnection ? otherId(request.fromConnection.session) : connectionId;
    if (request.mode === 'move') changes.push({ connectionId: source, bucket: request.fromBucket });
    for (const change of changes) void announceBucketChange(queryClient, change);
  });
}
