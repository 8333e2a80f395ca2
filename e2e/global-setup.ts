import { execFileSync } from 'node:child_process';

// The RGW sandbox must be up before any test: start it (it is reused when already running).
export default function globalSetup() {
  execFileSync(process.execPath, ['scripts/sandbox.mjs', 'start'], { stdio: 'inherit' });
}
