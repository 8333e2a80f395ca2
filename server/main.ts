// Entry point: `tsx server/main.ts`. Configuration comes from the environment (see config.ts).
import fs from 'node:fs';
import path from 'node:path';
import { createAppServer } from './app';
import { allowedEndpoints, loadConfig, type AppConfig } from './config';

let config: AppConfig;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}

if (!fs.existsSync(path.join(config.distDir, 'index.html'))) {
  console.warn(
    `Warning: ${config.distDir}/index.html not found; run \`npm run build\` first (or set S3FM_DIST).`,
  );
}

const server = createAppServer(config);

server.on('error', (err: NodeJS.ErrnoException) => {
  const hint = err.code === 'EADDRINUSE' ? ` (port ${config.port} is taken: set PORT)` : '';
  console.error(`Cannot listen on ${config.host}:${config.port}: ${err.message}${hint}`);
  process.exit(1);
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`App: http://${host}:${port}`);
  const allowed = allowedEndpoints(config);
  console.log(`Relay allows: ${allowed.length ? allowed.join(', ') : 'no endpoints (set S3FM_RELAY_ALLOW)'}`);
  if (config.sandboxFile) console.log(`Sandbox profile from: ${config.sandboxFile}`);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) process.exit(1); // A second Ctrl-C means "now".
  stopping = true;
  console.log(`${signal}: stopping`);
  server.close(() => process.exit(0));
  // Idle keep-alive connections would hold close() open; running transfers get a short grace period.
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 3000).unref();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
