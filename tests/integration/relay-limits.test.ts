import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { PATH_HEADER, RELAY_PATH, TARGET_HEADER } from '../../src/s3/relay-protocol';
import { useRelayServer } from './relay-server';
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
  const relay = useRelayServer();

  const target = () => ({ [TARGET_HEADER]: sandbox().endpoint, [PATH_HEADER]: '/demo/' });

  it('forwards ordinary headers (RGW answers, here 403 for an unsigned listing)', async () => {
    expect(await send(relay.origin, { ...target(), 'x-amz-meta-note': 'a'.repeat(1000) })).toBe(403);
  });

  it('refuses more than 16 KiB of headers with 431, before anything is forwarded', async () => {
    expect(await send(relay.origin, { ...target(), 'x-amz-meta-note': 'a'.repeat(17 * 1024) })).toBe(431);
  });
});
