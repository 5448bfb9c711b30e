import { defineConfig } from 'vitest/config';

// Three projects: unit tests are pure and fast (including the renderer's components, rendered to
// static markup); integration tests start real peers (Kamailio, SIPp, dnsmasq) on 127.0.0.1; e2e
// drives the built UI in the web mode with Playwright and Debian's Chromium, with the real engine
// and real peers behind it. Integration and e2e run one file at a time so their ports and CPU do
// not fight on a 2-core machine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
