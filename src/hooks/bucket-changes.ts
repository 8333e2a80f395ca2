import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { s3Keys } from './query-keys';

/**
 * After a write, every cached listing and detail of the bucket may be stale, in this tab and in the app's other
 * tabs: they hear of it on a BroadcastChannel (same origin only) and refresh, so no tab shows, or later
 * overwrites, a folder as it was before.
 */
const CHANNEL = 's3fm-bucket-changes';

interface BucketChange {
  connectionId: string;
  bucket: string;
}

export function announceBucketChange(queryClient: QueryClient, change: BucketChange): Promise<void> {
  try {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(change);
    channel.close();
  } catch {
    // No BroadcastChannel (very old browser): only this tab refreshes.
  }
  return queryClient.invalidateQueries({ queryKey: s3Keys.bucket(change.connectionId, change.bucket) });
}

/** Mounted once: refreshes this tab when another tab changed a bucket. */
export function useBucketChangesFromOtherTabs(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent<BucketChange>) => {
      const { connectionId, bucket } = event.data ?? {};
      if (typeof connectionId === 'string' && typeof bucket === 'string') {
        void queryClient.invalidateQueries({ queryKey: s3Keys.bucket(connectionId, bucket) });
      }
    };
    return () => channel.close();
  }, [queryClient]);
}
