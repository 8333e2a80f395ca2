import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Sandbox } from './fixtures';

/**
 * A second RGW sandbox of its own, for tests that stop and start the S3 server: the shared one must never go away
 * under the other tests. Free ports are picked, so parallel runs (a developer's and CI's) do not collide. Each one
 * leaves a marker file beside its folder naming the Playwright process that owns it, so the global teardown can
 * stop whatever a crashed worker left behind.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts', 'sandbox.mjs');
const PREFIX = 's3fm-private-sandbox-';
const run = promisify(execFile);

export interface PrivateSandbox extends Sandbox {
  dir: string;
  /** Kills the RADOS Gateway only: the S3 endpoint goes away, the cluster (and its data in RAM) stays. */
  stopRgw: () => Promise<void>;
  /** Starts the RADOS Gateway again and waits until it answers. */
  startRgw: () => Promise<void>;
  /** Stops every daemon and deletes the folder. */
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`) && /radosgw/.test(readCmdline(pid));
function readCmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 60_000) {
  for (
    const deadline = Date.now() + ms;
    Date.now() < deadline;
    await new Promise((r) => setTimeout(r, 200))
  ) {
    if (await check()) return;
  }
  throw new Error(`private sandbox: gave up waiting for ${what}`);
}

/** The owner is the Playwright runner: the parent of the worker process this runs in. */
const markerOf = (dir: string) => `${dir}.owner`;

export async function startPrivateSandbox(appOrigin: string): Promise<PrivateSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), PREFIX));
  fs.writeFileSync(markerOf(dir), String(process.ppid));
  const [port, monPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    S3FM_SANDBOX_DIR: dir,
    S3FM_SANDBOX_PORT: String(port),
    S3FM_SANDBOX_MON_PORT: String(monPort),
    // Capacity only (RAM is taken as data is stored); these tests store a few MiB.
    S3FM_SANDBOX_MEM_GB: '1',
    S3FM_APP_ORIGINS: appOrigin,
  };
  const stop = async () => {
    await run(process.execPath, [SCRIPT, 'stop'], { env }).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(markerOf(dir), { force: true });
  };
  try {
    await run(process.execPath, [SCRIPT, 'start'], { env, timeout: 150_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  const info = JSON.parse(fs.readFileSync(path.join(dir, 'sandbox.json'), 'utf8')) as Sandbox;
  const conf = path.join(dir, 'ceph.conf');
  const rgwPid = () => Number(fs.readFileSync(path.join(dir, 'run', 'client.rgw.pid'), 'utf8'));

  return {
    ...info,
    dir,
    stop,
    stopRgw: async () => {
      const pid = rgwPid();
      process.kill(pid, 'SIGTERM');
      await waitFor('RGW to exit', () => !alive(pid), 20_000);
      await waitFor('the endpoint to go silent', async () => !(await answers(info.endpoint)), 10_000);
    },
    startRgw: async () => {
      // As scripts/sandbox.mjs starts it: radosgw forks into the background and the command exits.
      await new Promise<void>((resolve, reject) => {
        const child = spawn('radosgw', ['-c', conf, '-n', 'client.rgw'], {
          env: { ...process.env, CEPH_CONF: conf },
          detached: true,
          stdio: 'ignore',
        });
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`radosgw exited with ${code}`)),
        );
      });
      await waitFor('RGW to answer again', () => answers(info.endpoint));
    },
  };
}

/** For the global teardown: stops private sandboxes this Playwright run (or a dead one) left running. */
export async function stopLeftoverPrivateSandboxes(): Promise<void> {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(PREFIX) || !name.endsWith('.owner')) continue;
    const marker = path.join(os.tmpdir(), name);
    const owner = Number(fs.readFileSync(marker, 'utf8'));
    if (owner !== process.pid && fs.existsSync(`/proc/${owner}`)) continue; // another run's, still going
    const dir = marker.slice(0, -'.owner'.length);
    await run(process.execPath, [SCRIPT, 'stop'], { env: { ...process.env, S3FM_SANDBOX_DIR: dir } }).catch(
      () => {},
    );
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(marker, { force: true });
  }
}
