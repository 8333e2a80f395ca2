// The app's server with its relay, started in front of the RGW sandbox for the tests of one describe block.
import fs from 'node:fs';
import type http from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { createAppServer } from '../../server/app';
import { close, listen, tempDir, testConfig } from '../../server/test-utils';
import { sandbox } from './sandbox';

export interface RelayServer {
  /** Where the page would be served from, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  readonly server: http.Server;
}

/**
 * Starts the app's server on a free port before the enclosing describe's tests (relay allowed to the sandbox
 * only, an empty build folder) and stops it after them. Read `origin` and `server` inside tests or hooks: they
 * exist once the server listens.
 */
export function useRelayServer(): RelayServer {
  let server: http.Server | undefined;
  let origin: string | undefined;
  let distDir: string | undefined;

  beforeAll(async () => {
    distDir = tempDir('s3fm-it-dist-');
    server = createAppServer(testConfig({ distDir, relayAllow: [sandbox().endpoint] }));
    origin = `http://127.0.0.1:${await listen(server)}`;
  });

  afterAll(async () => {
    if (server) await close(server);
    if (distDir) fs.rmSync(distDir, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the relay server is not started yet (use it inside a test or hook)');
    return value;
  };
  return {
    get origin() {
      return started(origin);
    },
    get server() {
      return started(server);
    },
  };
}
