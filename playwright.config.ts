import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { chromiumLaunchOptions } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const sandboxFile = join(
  process.env.S3FM_SANDBOX_DIR || join(import.meta.dirname, '.sandbox'),
  'sandbox.json',
);

export default defineConfig({
  testDir: 'e2e',
  // Side-by-side runs (another port) keep their artifacts apart: Playwright empties its output folder at start.
  outputDir: process.env.E2E_PORT ? `test-results/port-${PORT}` : 'test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    command: 'node_modules/.bin/tsx server/main.ts',
    url: `http://127.0.0.1:${PORT}/_relay/config`,
    reuseExistingServer: !process.env.CI,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      S3FM_SANDBOX_FILE: sandboxFile,
      // Several people (or agents) can test side by side, each with a build and port of their own.
      ...(process.env.S3FM_DIST ? { S3FM_DIST: process.env.S3FM_DIST } : {}),
    },
  },
});
