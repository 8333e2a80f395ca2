import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOrigin } from './origin';

export interface AppConfig {
  host: string;
  port: number;
  /** The built single-page app (vite build output). */
  distDir: string;
  /** Endpoint origins from S3FM_RELAY_ALLOW, normalised (`new URL(...).origin`). */
  relayAllow: string[];
  /** JSON file describing the local sandbox; its endpoint is allowed too. Read on demand: it may appear later. */
  sandboxFile?: string;
  /** S3FM_RELAY_ALLOW_LINK_LOCAL=1 lifts the metadata-address guard (only for a real endpoint on 169.254/16). */
  allowLinkLocal: boolean;
  /**
   * S3FM_RELAY_KEEPALIVE: plain-http endpoint origins the relay keeps connections to (`*`: all); only for endpoints
   * without Nagle's delay (RGW needs `tcp_nodelay=1` in its frontend line). https endpoints are always kept alive.
   */
  relayKeepAlive?: string[];
  /** S3FM_LOG=1: one line per relayed request (method, target, status, ms). */
  log: boolean;
  /**
   * Host names the server answers to besides IP addresses and localhost: S3FM_HOSTS, plus HOST when it is a name.
   * Anything else is refused (421), so a DNS-rebound name never reaches the relay or the sandbox keys.
   */
  hostNames: string[];
  /** A request body that stops arriving for this long is given up (tests shorten it). */
  bodyIdleMs: number;
}

const BODY_IDLE_MS = 60_000;

export interface SandboxInfo {
  label: string;
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket?: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0-65535, got ${env.PORT}`);
  return {
    host: env.HOST || '127.0.0.1',
    port,
    distDir: path.resolve(env.S3FM_DIST || path.join(repoRoot, 'dist')),
    relayAllow: parseAllowList(env.S3FM_RELAY_ALLOW ?? ''),
    relayKeepAlive:
      env.S3FM_RELAY_KEEPALIVE?.trim() === '*'
        ? ['*']
        : parseAllowList(env.S3FM_RELAY_KEEPALIVE ?? '', 'S3FM_RELAY_KEEPALIVE'),
    sandboxFile: env.S3FM_SANDBOX_FILE ? path.resolve(env.S3FM_SANDBOX_FILE) : undefined,
    allowLinkLocal: env.S3FM_RELAY_ALLOW_LINK_LOCAL === '1',
    log: env.S3FM_LOG === '1',
    hostNames: parseHostNames(env.S3FM_HOSTS ?? '', env.HOST),
    bodyIdleMs: BODY_IDLE_MS,
  };
}

/** Comma-separated host names (no scheme, no port); a bad entry stops the server rather than being ignored. */
export function parseHostNames(value: string, listenHost?: string): string[] {
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase().replace(/\.$/, ''))
    .filter(Boolean);
  for (const name of names) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(name)) {
      throw new Error(`S3FM_HOSTS: "${name}" is not a host name like files.example.com`);
    }
  }
  const listen = listenHost?.trim().toLowerCase();
  if (listen && /^[a-z]/.test(listen) && !names.includes(listen)) names.push(listen);
  return names;
}

/** Comma-separated origins; a bad entry stops the server rather than being silently ignored. */
export function parseAllowList(value: string, variable = 'S3FM_RELAY_ALLOW'): string[] {
  const out: string[] = [];
  for (const entry of value.split(',').map((s) => s.trim())) {
    if (!entry) continue;
    const parsed = parseOrigin(entry);
    if (!parsed.ok) {
      throw new Error(`${variable}: "${entry}" is not an http(s) origin like http://127.0.0.1:7480`);
    }
    if (!out.includes(parsed.url.origin)) out.push(parsed.url.origin);
  }
  return out;
}

let sandboxCache: { file: string; stamp: string; info: SandboxInfo | undefined } | undefined;

/** The sandbox profile, or undefined when unset, missing or invalid. Cached until the file changes. */
export function readSandbox(file: string | undefined): SandboxInfo | undefined {
  if (!file) return undefined;
  let stamp: string;
  try {
    const st = fs.statSync(file);
    stamp = `${st.mtimeMs}:${st.size}`;
  } catch {
    return undefined;
  }
  if (sandboxCache?.file === file && sandboxCache.stamp === stamp) return sandboxCache.info;
  let info: SandboxInfo | undefined;
  try {
    info = validateSandbox(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    info = undefined; // Half-written or not JSON: try again when it changes.
  }
  sandboxCache = { file, stamp, info };
  return info;
}

function validateSandbox(raw: unknown): SandboxInfo | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const str = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : undefined);
  const [endpoint, region, accessKey, secretKey] = [
    str('endpoint'),
    str('region'),
    str('accessKey'),
    str('secretKey'),
  ];
  if (!endpoint || !region || !accessKey || !secretKey) return undefined;
  if (!parseOrigin(endpoint.replace(/\/+$/, '')).ok) return undefined;
  return {
    label: str('label') ?? 'Local sandbox (Ceph RGW)',
    endpoint,
    region,
    accessKey,
    secretKey,
    ...(str('bucket') ? { bucket: str('bucket') } : {}),
  };
}

/** The relay's allowlist right now: the operator's list plus the sandbox endpoint when there is one. */
export function allowedEndpoints(config: AppConfig): string[] {
  const sandbox = readSandbox(config.sandboxFile);
  if (!sandbox) return config.relayAllow;
  const parsed = parseOrigin(sandbox.endpoint.replace(/\/+$/, ''));
  if (!parsed.ok || config.relayAllow.includes(parsed.url.origin)) return config.relayAllow;
  return [...config.relayAllow, parsed.url.origin];
}
