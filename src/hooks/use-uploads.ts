import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import type { S3Session } from '../s3/session';
import { parseUploadTuning, UPLOAD_TUNING_KEY } from '../s3/upload/tuning';
import { loadUploadEngine, UploadQueue, type UploadSnapshot } from '../s3/upload/upload-queue';
import { connectionId, useConnectedSession } from './use-session';
import { s3Keys } from './query-keys';

/**
 * While files keep completing, listings refetch at most this often (a 1,000-file drop is not 1,000 refetches, and
 * each refetch of a big folder costs the page a parse and a redraw); once the batch is idle, at once. Measured
 * (bench, 1,000 files of 10 KiB, about 3 s): refetching every 2 s took the upload from 0.93x to 0.80x of Node's pace
 * on a 2-core machine, where the page, the server and RGW share the CPU.
 */
const INVALIDATE_WHILE_BUSY_MS = 5000;

/** One queue per connection. It outlives the folder view, so uploads go on while the user browses. */
const queues = new WeakMap<S3Session, UploadQueue>();

function queueFor(session: S3Session, queryClient: QueryClient): UploadQueue {
  let queue = queues.get(session);
  if (queue) return queue;
  queue = new UploadQueue(session, parseUploadTuning(readStorage(UPLOAD_TUNING_KEY)));
  queues.set(session, queue);
  invalidateOnComplete(queue, session, queryClient);
  askBeforeLeaving(queue);
  return queue;
}

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled by the browser's settings
  }
}

/** Each stored file changes the listing of its folder and of every folder above it (a new subfolder appears). */
function invalidateOnComplete(queue: UploadQueue, session: S3Session, queryClient: QueryClient): void {
  const stale = new Map<string, { bucket: string; prefix?: string; key?: string }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const id = connectionId(session);
    for (const { bucket, prefix, key } of stale.values()) {
      const queryKey =
        key !== undefined ? s3Keys.object(id, bucket, key) : s3Keys.objects(id, bucket, prefix ?? '');
      void queryClient.invalidateQueries({ queryKey });
    }
    stale.clear();
  };
  queue.on('complete', (file) => {
    stale.set(`o\n${file.bucket}\n${file.key}`, { bucket: file.bucket, key: file.key });
    for (let slash = file.key.indexOf('/'), prefix = ''; ; slash = file.key.indexOf('/', slash + 1)) {
      stale.set(`l\n${file.bucket}\n${prefix}`, { bucket: file.bucket, prefix });
      if (slash < 0 || slash === file.key.length - 1) break;
      prefix = file.key.slice(0, slash + 1);
    }
    timer ??= setTimeout(flush, INVALIDATE_WHILE_BUSY_MS);
  });
  // The last file of a batch shows in the listing right away.
  queue.subscribe(() => {
    if (stale.size > 0 && !queue.isActive) flush();
  });
}

/** Closing or reloading the tab would drop every running upload: the browser asks first. */
function askBeforeLeaving(queue: UploadQueue): void {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older Chromium versions only ask when returnValue is set.
    event.returnValue = '';
  };
  let asking = false;
  queue.subscribe(() => {
    if (queue.isActive === asking) return;
    asking = queue.isActive;
    if (asking) window.addEventListener('beforeunload', onBeforeUnload);
    else window.removeEventListener('beforeunload', onBeforeUnload);
  });
}

/** The connection's upload queue, to add, cancel and retry files. */
export function useUploadQueue(): UploadQueue {
  const session = useConnectedSession();
  const queryClient = useQueryClient();
  return queueFor(session, queryClient);
}

/**
 * The queue is light; the code that sends files is a chunk of its own, so the first page a visitor sees does not
 * carry it. This loads it (and `alsoLoad`, the caller's own upload code) when the browser is idle after a bucket
 * opens, so the first drop or pick does not wait for it.
 */
export function usePrefetchUploadEngine(alsoLoad?: () => Promise<unknown>): void {
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => {
      // A failed prefetch is harmless: the first upload loads the chunk again.
      void loadUploadEngine().catch(() => {});
      void alsoLoad?.().catch(() => {});
    });
    return () => cancel(handle);
  }, [alsoLoad]);
}

/** Every file of the batch with its progress, updated at most ten times a second. */
export function useUploads(): UploadSnapshot {
  const queue = useUploadQueue();
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot);
}
