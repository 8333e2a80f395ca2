import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Brings the RGW sandbox up (idempotent: a running one is reused). Nothing to tear down: it stays for the next run. */
export default function setup(): void {
  // The SDK warns in every worker that its 2027 releases need Node 22; workers inherit this environment.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const start = () =>
    execFileSync(process.execPath, [path.join(root, 'scripts/sandbox.mjs'), 'start'], {
      cwd: root,
      stdio: 'inherit',
    });
  try {
    start();
  } catch {
    // Another process (e2e, a second test run) may have been starting or stopping it at the same moment.
    console.warn('sandbox start failed; trying once more');
    start();
  }
}
