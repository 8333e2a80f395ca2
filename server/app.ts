import http from 'node:http';
import { BATCH_PATH, createBatchHandler } from './batch-upload';
import { allowedEndpoints, readSandbox, type AppConfig } from './config';
import { createRelayHandler, RELAY_PATH } from './relay';
import { SECURITY_HEADERS } from './security-headers';
import { createStaticHandler } from './static';

export const RELAY_CONFIG_PATH = '/_relay/config';

/** Node's default is 16 KiB already; set explicitly so the relay's header budget is a decision, not an accident. */
const MAX_HEADER_BYTES = 16 * 1024;

export function createAppServer(config: AppConfig): http.Server {
  const relay = createRelayHandler(config);
  const batch = createBatchHandler(config);
  const serveStatic = createStaticHandler(config.distDir);

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const url = req.url ?? '';
    // Only origin-form targets ("/path"); absolute-form would make this look like a forward proxy.
    if (!url.startsWith('/')) {
      res.writeHead(400, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/plain; charset=utf-8',
        Connection: 'close',
      });
      return void res.end('Bad request');
    }
    const pathname = url.split('?')[0];

    // Relayed responses carry the endpoint's headers (plus their own guards), not the page's.
    if (pathname === RELAY_PATH) return relay(req, res);

    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (pathname === RELAY_CONFIG_PATH) return sendRelayConfig(req, res, config);
    if (pathname === BATCH_PATH) return batch(req, res);
    if (pathname.startsWith('/_relay/')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      return void res.end(req.method === 'HEAD' ? undefined : 'Not found');
    }
    serveStatic(req, res);
  });

  // Node ends a request that takes over 300 s to arrive; a multi-GiB upload through the relay takes longer.
  // Slow-header clients are still cut off by headersTimeout.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.on('close', () => {
    relay.close();
    batch.close();
  });
  return server;
}

function sendRelayConfig(req: http.IncomingMessage, res: http.ServerResponse, config: AppConfig): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' });
    return void res.end();
  }
  // The sandbox file is re-read (when changed): the sandbox may be started after the server.
  const sandbox = readSandbox(config.sandboxFile);
  const body = JSON.stringify({
    relay: true,
    allowedEndpoints: allowedEndpoints(config),
    ...(sandbox ? { sandbox } : {}),
  });
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
