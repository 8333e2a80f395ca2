import type { QueryClient } from '@tanstack/react-query';
import type { UploadQueue } from '../s3/upload/upload-queue';
import { s3Keys } from './query-keys';

/**
 * While files keep completing, listings refetch at most this often: a drop of a thousand files is not a thousand
 * refetches, each of which costs the page a parse and a redraw of a big folder (the bench's many-files scenario
 * is the measure). Once the queue is idle, at once.
 */
const INVALIDATE_WHILE_BUSY_MS = 5000;

/**
 * What the page does around a connection's uploads: refresh what they changed, and ask before the tab closes on
 * them. Returns the way to stop (the session provider calls it when the connection ends).
 */
export function watchUploads(queue: UploadQueue, connectionId: string, queryClient: QueryClient): () => void {
  const stops = [invalidateOnComplete(queue, connectionId, queryClient), askBeforeLeaving(queue)];
  return () => stops.forEach((stop) => stop());
}

/** Each stored file changes the listing of its folder and of every folder above it (a new subfolder appears). */
function invalidateOnComplete(queue: UploadQueue, id: string, queryClient: QueryClient): () => void {
  const stale = new Map<string, { bucket: string; prefix?: string; key?: string }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    for (const { bucket, prefix, key } of stale.values()) {
      const queryKey =
        key !== undefined ? s3Keys.object(id, bucket, key) : s3Keys.objects(id, bucket, prefix ?? '');
      void queryClient.invalidateQueries({ queryKey });
    }
    stale.clear();
  };
  const offComplete = queue.on('complete', (file) => {
    stale.set(`o\n${file.bucket}\n${file.key}`, { bucket: file.bucket, key: file.key });
    for (let slash = file.key.indexOf('/'), prefix = ''; ; slash = file.key.indexOf('/', slash + 1)) {
      stale.set(`l\n${file.bucket}\n${prefix}`, { bucket: file.bucket, prefix });
      if (slash < 0 || slash === file.key.length - 1) break;
      prefix = file.key.slice(0, slash + 1);
    }
    timer ??= setTimeout(flush, INVALIDATE_WHILE_BUSY_MS);
  });
  // The last file of a batch shows in the listing right away.
  const offChange = queue.subscribe(() => {
    if (stale.size > 0 && !queue.isActive) flush();
  });
  return () => {
    clearTimeout(timer);
    offComplete();
    offChange();
  };
}

/** Closing or reloading the tab would drop every running upload: the browser asks first. */
function askBeforeLeaving(queue: UploadQueue): () => void {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older Chromium versions only ask when returnValue is set.
    event.returnValue = '';
  };
  let asking = false;
  const off = queue.subscribe(() => {
    if (queue.isActive === asking) return;
    asking = queue.isActive;
    if (asking) window.addEventListener('beforeunload', onBeforeUnload);
    else window.removeEventListener('beforeunload', onBeforeUnload);
  });
  return () => {
    off();
    window.removeEventListener('beforeunload', onBeforeUnload);
  };
}
