/**
 * Saves a stream as a file through the browser's download manager, without collecting it in memory, via the
 * self-hosted service worker in public/download-sw.js. `contentDisposition` is the full header value.
 */
const WORKER_URL = '/download-sw.js';
const SCOPE = '/_download/';

async function downloadWorker(): Promise<ServiceWorker> {
  if (!('serviceWorker' in navigator)) {
    throw new Error('This browser cannot stream downloads (no service workers here, e.g. a private window).');
  }
  const registration = await navigator.serviceWorker.register(WORKER_URL, { scope: SCOPE });
  const worker = registration.active ?? registration.waiting ?? registration.installing;
  if (!worker) throw new Error('The download worker did not start.');
  if (worker.state !== 'activated') {
    await new Promise<void>((resolve) => {
      const check = () => worker.state === 'activated' && resolve();
      worker.addEventListener('statechange', check);
      check();
    });
  }
  return worker;
}

export async function saveStream(
  stream: ReadableStream<Uint8Array>,
  contentDisposition: string,
  size?: number,
): Promise<void> {
  const worker = await downloadWorker();
  const id = crypto.randomUUID();
  const channel = new MessageChannel();
  const ready = new Promise((resolve) => (channel.port1.onmessage = resolve));
  // Streams are transferable: the page keeps producing, the worker passes bytes on as the download reads them.
  worker.postMessage({ id, stream, fileName: contentDisposition, size }, [channel.port2, stream]);
  await ready;
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = `${SCOPE}${id}`;
  document.body.append(frame);
  // The frame only starts the download; the download manager keeps it going after the frame is gone.
  setTimeout(() => frame.remove(), 60_000);
}
