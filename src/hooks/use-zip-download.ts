import { useCallback, useRef, useState } from 'react';
import { contentDisposition } from '../s3/link-rules';
import type { ZipEntry, ZipProgress } from '../s3/zip-download';
import { useConnectedSession } from './use-session';

export type ZipState =
  | { phase: 'idle' }
  | { phase: 'listing' }
  | { phase: 'zipping'; progress: ZipProgress }
  | { phase: 'done'; progress: ZipProgress }
  /** Built by the app's server: the browser's download manager shows the progress from here on. */
  | { phase: 'handed-off'; progress: ZipProgress }
  | { phase: 'failed'; error: unknown }
  | { phase: 'cancelled' };

/** The zip's progress redraws at most this often. */
const PROGRESS_EVERY_MS = 100;

/**
 * Downloads several objects and folders as one zip, streamed from S3 into the browser's download manager: built by
 * the app's server where there is one (the browser then shows the progress), else by the download service worker,
 * with progress and a way to cancel.
 */
export function useZipDownload(bucket: string, base: string) {
  const session = useConnectedSession();
  const [state, setState] = useState<ZipState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);

  const start = useCallback(
    async (choice: { objects: ZipEntry[]; prefixes: string[] }, archiveName: string) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setState({ phase: 'listing' });
      try {
        // The zip writer and the download worker's client load only when someone zips.
        const [zip, save] = await Promise.all([import('../s3/zip-download'), import('../lib/save-stream')]);
        const entries = await zip.collectZipEntries(session, bucket, choice, abort.signal);
        const onServer = zip.canZipOnServer(session, entries)
          ? await zip.offerZipToServer(session, bucket, entries, base, archiveName, abort.signal)
          : undefined;
        if (onServer) {
          save.startDownload(onServer);
          const bytesTotal = entries.reduce((n, e) => n + e.size, 0);
          const filesTotal = entries.length;
          return setState({
            phase: 'handed-off',
            progress: { bytesDone: 0, bytesTotal, filesDone: 0, filesTotal },
          });
        }
        let last: ZipProgress = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: entries.length };
        let shownAt = -Infinity;
        const callbacks = {
          signal: abort.signal,
          onProgress: (progress: ZipProgress) => {
            last = progress;
            // Every chunk read (tens of KiB) reports; a redraw of the view each time held a 2 GiB zip to 13 MiB/s.
            const now = performance.now();
            if (now - shownAt < PROGRESS_EVERY_MS && progress.filesDone < progress.filesTotal) return;
            shownAt = now;
            setState({ phase: 'zipping', progress });
          },
          onEnd: (error?: unknown) =>
            setState(
              error === undefined
                ? { phase: 'done', progress: last }
                : abort.signal.aborted
                  ? { phase: 'cancelled' }
                  : { phase: 'failed', error },
            ),
        };
        const fileName = contentDisposition(archiveName);
        // The worker builds the archive: the objects' bytes never pass through this page's thread.
        const sign = async (index: number) => {
          const { key } = entries[index];
          return { key, ...(await zip.signZipRead(session, bucket, key)) };
        };
        await save.saveZipBuiltByWorker(zip.zipItems(entries, base), sign, fileName, callbacks);
      } catch (error) {
        setState(abort.signal.aborted ? { phase: 'cancelled' } : { phase: 'failed', error });
      }
    },
    [session, bucket, base],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);
  const dismiss = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, start, cancel, dismiss };
}
