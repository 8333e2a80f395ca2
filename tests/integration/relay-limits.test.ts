import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServer } from '../../server/app';
import { RELAY_PATH_HEADER, RELAY_TARGET_HEADER } from '../../src/s3/client';
import { RELAY_PATH } from '../../src/s3/relay';
import { sandbox } from './sandbox';

/** A raw request, so nothing between the test and the server trims or refuses the headers first. */
function send(origin: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${origin}${RELAY_PATH}`, { method: 'GET', headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end();
  });
}

describe('the relay caps request headers', () => {
  let server: http.Server;
  let origin: string;
  let distDir: string;
  beforeAll(async () => {
    distDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3fm-it-dist-'));
    server = createAppServer({
      host: '127.0.0.1',
      port: 0,
      distDir,
      relayAllow: [sandbox().endpoint],
      allowLinkLocal: false,
      log: false,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(distDir, { recursive: true, force: true });
  });

  const target = () => ({ [RELAY_TARGET_HEADER]: sandbox().endpoint, [RELAY_PATH_HEADER]: '/demo/' });

  it('forwards ordinary headers (RGW answers, here 403 for an unsigned listing)', async () => {
    expect(await send(origin, { ...target(), 'x-amz-meta-note': 'a'.repeat(1000) })).toBe(403);
  });

  it('refuses more than 16 KiB of headers with 431, before anything is forwarded', async () => {
    expect(await send(origin, { ...target(), 'x-amz-meta-note': 'a'.repeat(17 * 1024) })).toBe(431);
  });
});
