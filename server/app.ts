import http from 'node:http';
import {
  HEALTH_PATH,
  RELAY_BATCH_PATH,
  RELAY_CONFIG_PATH,
  RELAY_PATH,
  RELAY_REQUESTS_PATH,
  RelayErrorCode,
  ZIP_PATH,
} from '../src/s3/relay-protocol';
import { answer } from './answer';
import { createBatchHandler } from './batch-upload';
import { allowedEndpoints, readSandbox, type AppConfig } from './config';
import { createRelayHandler, errorText, sendError } from './relay';
import { createRequestBatchHandler } from './request-batch';
import { checkSameSite, isAllowedHost, isLoopbackAddress } from './request-guard';
import { SECURITY_HEADERS } from './security-headers';
import { createStaticHandler } from './static';
import { createZipHandler } from './zip-archive';

/** Node's default is 16 KiB already; set explicitly so the relay's header budget is a decision, not an accident. */
const MAX_HEADER_BYTES = 16 * 1024;

export function createAppServer(config: AppConfig): http.Server {
  const relay = createRelayHandler(config);
  const batch = createBatchHandler(config);
  const requests = createRequestBatchHandler(config);
  const zip = createZipHandler(config);
  const serveStatic = createStaticHandler(config.distDir);

  const route = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '';
    // Only origin-form targets ("/path"); absolute-form would make this look like a forward proxy.
    if (!url.startsWith('/')) return sendText(req, res, 400, 'Bad request');
    if (!isAllowedHost(req.headers.host, config.hostNames)) {
      return sendText(
        req,
        res,
        421,
        'This server does not answer to that host name. Its operator can add the name to S3FM_HOSTS.',
      );
    }
    const pathname = url.split('?')[0];
    if (pathname === HEALTH_PATH) return sendText(req, res, 200, 'ok');

    if (pathname.startsWith('/_relay/')) {
      const site = checkSameSite(req);
      if (!site.ok) {
        return sendError(
          req,
          res,
          403,
          RelayErrorCode.CrossSite,
          `This app's server refuses relay requests from ${site.reason}.`,
        );
      }
    }
    // Relayed responses carry the endpoint's headers (plus their own guards), not the page's.
    if (pathname === RELAY_PATH) return relay(req, res);
    if (pathname === RELAY_BATCH_PATH) return batch(req, res);
    if (pathname === RELAY_REQUESTS_PATH) return requests(req, res);
    if (pathname === ZIP_PATH || pathname.startsWith(`${ZIP_PATH}/`)) return zip(req, res);

    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (pathname === RELAY_CONFIG_PATH) return sendRelayConfig(req, res, config);
    if (pathname.startsWith('/_relay/')) return sendText(req, res, 404, 'Not found');
    serveStatic(req, res);
  };

  const server = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    try {
      route(req, res);
    } catch (err) {
      // A handler's own failure: one log line and a 500, never an exit. Tests treat it as a bug.
      console.error(
        `server: ${req.method} ${(req.url ?? '').split('?')[0].slice(0, 200)} failed: ${errorText(err)}`,
      );
      sendError(req, res, 500, 'InternalError', "The app's server failed to handle this request.");
    }
  });

  // Node ends a request that takes over 300 s to arrive; a multi-GiB upload through the relay takes longer.
  // Bodies that stop moving are ended by the relay and the batch lane themselves; slow headers by headersTimeout.
  server.requestTimeout = 0;
  server.headersTimeout = 20_000;
  server.on('close', () => {
    relay.close();
    batch.close();
    requests.close();
    zip.close();
  });
  return server;
}

function sendRelayConfig(req: http.IncomingMessage, res: http.ServerResponse, config: AppConfig): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' });
    return void res.end();
  }
  // The sandbox's keys go to a browser on this machine only. The file is re-read (when changed): the sandbox may
  // be started after the server.
  const sandbox = isLoopbackAddress(req.socket.remoteAddress) ? readSandbox(config.sandboxFile) : undefined;
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

function sendText(req: http.IncomingMessage, res: http.ServerResponse, status: number, text: string): void {
  answer(req, res, status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }, text);
}
