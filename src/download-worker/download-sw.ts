/// <reference lib="webworker" />
// The download service worker (built to /download-sw.js, see vite.config.ts). It answers /_download/<id> with a
// zip the page offered, so the browser's download manager saves it without anything holding it in memory. The
// worker builds the archive itself, fetching each object from a presigned read the page signs for it: the bytes
// never cross into the page, whose main thread only signs and shows progress. Self-hosted on purpose (no
// third-party page in the middle, as StreamSaver's default).
import { unreadable, zipOfItems, type ZipItem, type ZipProgress } from '../s3/zip-stream';
import { DOWNLOAD_PATH, type DownloadOffer, type PageMessage, type WorkerMessage } from './protocol';

declare const self: ServiceWorkerGlobalScope;

const pending = new Map<string, { items: ZipItem[]; fileName: string; port: MessagePort }>();
/** How long a read the page was asked to sign may take before the page counts as closed. */
const SIGN_WAIT_MS = 60_000;
const PAGE_GONE =
  'The page that started this zip was closed or stopped answering, so the archive is incomplete. Open the app and download the zip again.';
/** Progress goes to the page at most this often (the page redraws on it). */
const PROGRESS_EVERY_MS = 100;

self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const offer = event.data as DownloadOffer | undefined;
  const port = event.ports[0];
  if (offer?.kind !== 'zip' || !port || !Array.isArray(offer.items)) return;
  pending.set(offer.id, { items: offer.items, fileName: offer.fileName, port });
  port.postMessage({ kind: 'ready' } satisfies WorkerMessage);
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(DOWNLOAD_PATH)) return;
  const offer = pending.get(url.pathname.slice(DOWNLOAD_PATH.length));
  if (!offer) return event.respondWith(new Response('This download has expired.', { status: 404 }));
  pending.delete(url.pathname.slice(DOWNLOAD_PATH.length));
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': offer.fileName,
    'X-Content-Type-Options': 'nosniff',
  };
  event.respondWith(new Response(buildZip(offer.items, offer.port), { headers }));
});

/** The zip of `items`, each object fetched from the read the page signs for it when asked over `port`. */
function buildZip(items: ZipItem[], port: MessagePort): ReadableStream<Uint8Array> {
  const post = (message: WorkerMessage) => port.postMessage(message);
  const abort = new AbortController();
  const waiting = new Map<number, (answer: PageMessage) => void>();
  port.onmessage = (event: MessageEvent<PageMessage>) => {
    const answer = event.data;
    if (answer.kind === 'cancel') {
      abort.abort(new DOMException('The zip was cancelled.', 'AbortError'));
      for (const resolve of waiting.values()) resolve(answer);
      waiting.clear();
    } else {
      waiting.get(answer.index)?.(answer);
      waiting.delete(answer.index);
    }
  };
  const sign = (index: number) =>
    new Promise<PageMessage>((resolve) => {
      waiting.set(index, resolve);
      post({ kind: 'sign', index });
      // Only the page can sign: once it is closed, the archive cannot go on, and must not hang.
      setTimeout(() => resolve({ kind: 'sign-failed', index, message: PAGE_GONE }), SIGN_WAIT_MS);
    });
  let last: ZipProgress = { bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: items.length };
  let shownAt = -Infinity;
  return zipOfItems(
    items,
    async (index) => {
      const read = await sign(index);
      if (read.kind === 'cancel') throw abort.signal.reason;
      if (read.kind === 'sign-failed') throw new Error(read.message);
      let response: Response;
      try {
        response = await fetch(read.url, { headers: read.headers, signal: abort.signal });
      } catch (error) {
        if (abort.signal.aborted) throw error;
        throw new Error(
          `Could not read "${read.key}": the connection to the storage failed, so the archive is incomplete. Check the network and try again.`,
          { cause: error },
        );
      }
      if (!response.ok || !response.body) throw unreadable(read.key, response.status);
      return response.body;
    },
    {
      onProgress: (progress) => {
        last = progress;
        const now = performance.now();
        if (now - shownAt < PROGRESS_EVERY_MS) return;
        shownAt = now;
        post({ kind: 'progress', progress });
      },
      onEnd: (error) => {
        const message =
          error === undefined ? undefined : error instanceof Error ? error.message : String(error);
        post({ kind: 'end', progress: last, error: message });
        port.close();
      },
    },
  );
}
