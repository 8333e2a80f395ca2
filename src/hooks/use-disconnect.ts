import { useCallback, useState } from 'react';
import type { UploadQueue } from '../s3/upload/upload-queue';
import { useSession } from './use-session';
import { useUploadQueue } from './use-uploads';

/** Cancelling aborts multipart uploads on the server; if the server is gone, the keys go anyway after this. */
const SETTLE_LIMIT_MS = 15_000;

/**
 * Disconnect as the user asks for it: with uploads running it must ask first (`mustAsk`), then cancel them and
 * wait until their partial uploads are aborted on the server, which needs the keys, before the keys, the query
 * cache and the queue are dropped.
 */
export function useDisconnect() {
  const { disconnect } = useSession();
  const queue = useUploadQueue();
  const [stopping, setStopping] = useState(false);

  const stopUploadsAndDisconnect = useCallback(async () => {
    setStopping(true);
    queue.cancelAll();
    await settled(queue, SETTLE_LIMIT_MS);
    queue.destroy();
    disconnect();
  }, [queue, disconnect]);

  return {
    /** Read when Disconnect is pressed: uploads running or waiting. */
    mustAsk: () => queue.isActive,
    runningUploads: () => queue.getSnapshot().totals.active,
    stopping,
    disconnect: stopUploadsAndDisconnect,
  };
}

/** Resolves once no upload of `queue` runs or waits (or after `limitMs`). */
function settled(queue: UploadQueue, limitMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!queue.isActive) return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, limitMs);
    const unsubscribe = queue.subscribe(() => {
      if (!queue.isActive) done();
    });
  });
}
