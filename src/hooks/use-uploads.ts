import { useEffect, useSyncExternalStore } from 'react';
import { whenIdle } from '../lib/when-idle';
import { loadUploadEngine, type UploadQueue, type UploadSnapshot } from '../s3/upload/upload-queue';
import { useConnectionServices } from './use-session';

/** The connection's upload queue, to add, cancel and retry files. */
export function useUploadQueue(): UploadQueue {
  return useConnectionServices().uploads;
}

/**
 * The queue is light; the code that sends files is a chunk of its own, so the first page a visitor sees does not
 * carry it. This loads it (and `alsoLoad`, the caller's own upload code) when the browser is idle after a bucket
 * opens, so the first drop or pick does not wait for it.
 */
export function usePrefetchUploadEngine(alsoLoad?: () => Promise<unknown>): void {
  useEffect(
    () =>
      whenIdle(() => {
        // A failed prefetch is harmless: the first upload loads the chunk again.
        void loadUploadEngine().catch(() => {});
        void alsoLoad?.().catch(() => {});
      }),
    [alsoLoad],
  );
}

/** Every file of the batch with its progress, updated at most ten times a second. */
export function useUploads(): UploadSnapshot {
  const queue = useUploadQueue();
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot);
}
