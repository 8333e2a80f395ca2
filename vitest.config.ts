import { defineConfig } from 'vitest/config';

// Three projects: fast unit tests (no network), React hooks in jsdom (their S3 door answered by the test), and
// integration tests that talk to the RGW sandbox from Node.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'server/**/*.test.ts'],
          exclude: ['src/hooks/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'hooks',
          include: ['src/hooks/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['src/testing/hooks-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
