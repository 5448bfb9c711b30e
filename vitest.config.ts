import { defineConfig } from 'vitest/config';

// Three projects: unit tests are pure and fast (including the renderer's components, rendered to
// static markup); integration tests start real peers (Kamailio, SIPp, dnsmasq) on 127.0.0.1; e2e
// drives the built UI in the web mode with Playwright and Debian's Chromium, with the real engine
// and real peers behind it. Integration and e2e run one file at a time by default, so their CPU
// does not fight on a 2-core machine; `npm test` (scripts/run-tests.mjs) runs the integration files
// that mostly wait on peers two at a time (SIPKIT_TEST_PARALLEL=1) and the CPU-bound ones alone.
const parallel = process.env.SIPKIT_TEST_PARALLEL === '1';
const workers = Number(process.env.SIPKIT_TEST_WORKERS ?? '') || undefined;

export default defineConfig({
  test: {
    ...(workers !== undefined ? { maxWorkers: workers } : {}),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          // A timeout only catches a hang (speed targets live in `npm run bench`): several files
          // (a 50,000-message store, a killed writer, the layer lint, 10 MiB inputs) take 3–8 s
          // when two workers share a busy 2-core machine, too close to vitest's 5 s default.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: parallel,
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
