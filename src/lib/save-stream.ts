import {
  DOWNLOAD_PATH,
  type DownloadOffer,
  type PageMessage,
  type WorkerMessage,
} from '../download-worker/protocol';
import type { SignedRequest } from '../s3/session';
import type { ZipCallbacks, ZipItem } from '../s3/zip-stream';

/**
 * Saves a download built by the download service worker (src/download-worker) through the browser's download
 * manager, without collecting it in memory.
 */
const WORKER_URL = '/download-sw.js';
/** How often a zip being built in the worker reminds the browser that the worker is busy, not idle. */
const KEEP_ALIVE_MS = 10_000;

async function downloadWorker(): Promise<ServiceWorker> {
  if (!('serviceWorker' in navigator)) {
    throw new Error('This browser cannot stream downloads (no service workers here, e.g. a private window).');
  }
  const registration = await navigator.serviceWorker.register(WORKER_URL, { scope: DOWNLOAD_PATH });
  // A worker of an older version of the app may still be registered: the newest one is the one to talk to.
  await registration.update().catch(() => {});
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker) throw new Error('The download worker did not start.');
  if (worker.state !== 'activated') {
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (worker.state === 'activated') resolve();
        if (worker.state === 'redundant') reject(new Error('The download worker did not start.'));
      };
      worker.addEventListener('statechange', check);
      check();
    });
  }
  return worker;
}

/** Hands `offer` to the worker and opens its download once the worker has taken it. */
async function offerDownload(
  worker: ServiceWorker,
  offer: Extract<DownloadOffer, { kind: 'zip' }>,
  port: MessagePort,
  transfer: Transferable[],
) {
  const ready = new Promise<void>((resolve) => {
    const onReady = (event: MessageEvent<WorkerMessage>) => {
      if (event.data.kind !== 'ready') return;
      port.removeEventListener('message', onReady);
      resolve();
    };
    port.addEventListener('message', onReady);
    port.start();
  });
  worker.postMessage(offer, transfer);
  await ready;
  startDownload(`${DOWNLOAD_PATH}${offer.id}`);
}

/** Starts the browser's own download of `url` (whose answer says "attachment"), from a hidden frame. */
export function startDownload(url: string): void {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = url;
  document.body.append(frame);
  // The frame only starts the download; the download manager keeps it going after the frame is gone.
  setTimeout(() => frame.remove(), 60_000);
}

/**
 * Saves the zip of `items`, built in the download worker: it fetches each object from the read `sign(index)`
 * gives it and writes the archive as the download's body, so no byte of it passes through the page.
 */
export async function saveZipBuiltByWorker(
  items: ZipItem[],
  sign: (index: number) => Promise<SignedRequest & { key: string }>,
  contentDisposition: string,
  { signal, onProgress, onEnd }: ZipCallbacks & { signal: AbortSignal },
): Promise<void> {
  const worker = await downloadWorker();
  signal.throwIfAborted();
  const channel = new MessageChannel();
  const port = channel.port1;
  const send = (message: PageMessage) => port.postMessage(message);
  // A failure the page met itself (signing) is reported as it is, not as the worker's text of it.
  let pageError: unknown;
  const keepAlive = setInterval(
    () => worker.postMessage({ kind: 'keep-alive' } satisfies DownloadOffer),
    KEEP_ALIVE_MS,
  );
  const onAbort = () => send({ kind: 'cancel' });
  signal.addEventListener('abort', onAbort);
  port.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message.kind === 'sign') {
      sign(message.index).then(
        ({ key, url, headers }) => send({ kind: 'signed', index: message.index, key, url, headers }),
        (error: unknown) => {
          pageError ??= error;
          send({
            kind: 'sign-failed',
            index: message.index,
            message: error instanceof Error ? error.message : String(error),
          });
        },
      );
    } else if (message.kind === 'progress') {
      onProgress(message.progress);
    } else if (message.kind === 'end') {
      clearInterval(keepAlive);
      signal.removeEventListener('abort', onAbort);
      port.close();
      onProgress(message.progress);
      onEnd(message.error === undefined ? undefined : (pageError ?? new Error(message.error)));
    }
  });
  const offer = { kind: 'zip' as const, id: crypto.randomUUID(), fileName: contentDisposition, items };
  try {
    await offerDownload(worker, offer, port, [channel.port2]);
  } catch (error) {
    clearInterval(keepAlive);
    throw error;
  }
}
