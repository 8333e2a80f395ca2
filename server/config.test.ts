import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseAllowList } from './config';

describe('loadConfig', () => {
  it('has safe defaults: loopback only, port 8080, dist next to server/, nothing allowed', () => {
    const config = loadConfig({});
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(8080);
    expect(config.distDir).toBe(path.resolve(import.meta.dirname, '..', 'dist'));
    expect(config.relayAllow).toEqual([]);
    expect(config.sandboxFile).toBeUndefined();
    expect(config.allowLinkLocal).toBe(false);
    expect(config.log).toBe(false);
  });

  it('reads the environment', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      S3FM_DIST: '/srv/app',
      S3FM_RELAY_ALLOW: 'http://127.0.0.1:7480, https://S3.Example.com:443/',
      S3FM_SANDBOX_FILE: '/tmp/sandbox.json',
      S3FM_RELAY_ALLOW_LINK_LOCAL: '1',
      S3FM_LOG: '1',
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 9000,
      distDir: '/srv/app',
      relayAllow: ['http://127.0.0.1:7480', 'https://s3.example.com'],
      sandboxFile: '/tmp/sandbox.json',
      allowLinkLocal: true,
      log: true,
    });
  });

  it('refuses a bad allowlist entry or port instead of ignoring it', () => {
    expect(() => parseAllowList('127.0.0.1:7480')).toThrow(/S3FM_RELAY_ALLOW/);
    expect(() => parseAllowList('http://127.0.0.1:7480/bucket')).toThrow(/S3FM_RELAY_ALLOW/);
    expect(() => parseAllowList('ftp://files.example.com')).toThrow(/S3FM_RELAY_ALLOW/);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(parseAllowList(' , http://a.example ,http://a.example:80')).toEqual(['http://a.example']);
  });
});
