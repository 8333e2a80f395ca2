import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetBucketCorsCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BrowserContext, Page } from '@playwright/test';

/**
 * The limit of a download a service worker answers: a bare worker that answers with a fetch's body straight
 * through (no JS per chunk), on a page of its own origin served from here. The app's zip takes this path plus its
 * own work (the zip writer, CRC-32), so the zip cannot be faster than this.
 */
const WORKER = `
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (!url.pathname.startsWith('/bare/')) return;
  event.respondWith(fetch(url.searchParams.get('u')).then((answer) => new Response(answer.body, {
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': 'attachment; filename="bare.bin"' },
  })));
});`;
const PAGE = `<!doctype html><title>bare</title><script>
window.ready = navigator.serviceWorker.register('/sw.js', { scope: '/bare/' }).then(async (registration) => {
  const worker = registration.installing || registration.waiting || registration.active;
  if (worker.state !== 'activated')
    await new Promise((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
});
window.download = (url) => {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.src = '/bare/?u=' + encodeURIComponent(url);
  document.body.append(frame);
};
</script>`;

/** A page on its own origin whose bare worker is ready; `download(url)` starts a download through it. */
export async function bareWorkerPage(
  context: BrowserContext,
  s3: S3Client,
  bucket: string,
): Promise<{ page: Page; download: (url: string) => Promise<void>; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const worker = request.url === '/sw.js';
    response.writeHead(200, { 'Content-Type': worker ? 'text/javascript' : 'text/html' });
    response.end(worker ? WORKER : PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The bucket's CORS rule lets the bare origin read too (the worker's fetch is cross-origin, as the app's is).
  const { CORSRules = [] } = await s3.send(new GetBucketCorsCommand({ Bucket: bucket }));
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: [
          ...CORSRules,
          { AllowedOrigins: [origin], AllowedMethods: ['GET'], AllowedHeaders: ['*'] },
        ],
      },
    }),
  );
  const page = await context.newPage();
  await page.goto(origin);
  await page.evaluate(() => (window as unknown as { ready: Promise<void> }).ready);
  return {
    page,
    download: (url) =>
      page.evaluate((u) => (window as unknown as { download: (u: string) => void }).download(u), url),
    close: async () => {
      await page.close();
      server.close();
    },
  };
}
