import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium, as the tests and the benchmark start it: no test tool may download a browser here, and the
 * flags keep it off the (closed) network and working as root.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
