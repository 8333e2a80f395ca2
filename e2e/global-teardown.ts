import { stopLeftoverPrivateSandboxes } from './private-sandbox';

// A worker that crashed or was killed cannot stop the private sandbox it started (e2e/private-sandbox.ts): do it here.
export default async function globalTeardown() {
  await stopLeftoverPrivateSandboxes();
}
