// Streams a download that the page builds (a zip of many objects) to the browser's download manager without
// holding it in memory: the page hands over a ReadableStream, then opens /_download/<id>, which this worker
// answers with that stream. Self-hosted on purpose (no third-party page in the middle, as StreamSaver's default).
const pending = new Map();

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const { id, stream, fileName, size } = event.data ?? {};
  if (typeof id !== 'string' || !(stream instanceof ReadableStream)) return;
  pending.set(id, { stream, fileName, size });
  event.ports[0]?.postMessage({ ready: true });
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const match = url.origin === self.location.origin && url.pathname.match(/^\/_download\/([\w-]+)$/);
  if (!match) return;
  const entry = pending.get(match[1]);
  if (!entry) return event.respondWith(new Response('This download has expired.', { status: 404 }));
  pending.delete(match[1]);
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': entry.fileName,
    'X-Content-Type-Options': 'nosniff',
  };
  if (entry.size) headers['Content-Length'] = String(entry.size);
  event.respondWith(new Response(entry.stream, { headers }));
});
