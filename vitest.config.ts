import { defineConfig } from 'vitest/config';

// Two projects: unit tests are pure and fast; integration tests start real peers
// (Kamailio, SIPp, dnsmasq) on 127.0.0.1 and run one file at a time so their ports and
// CPU do not fight on a 2-core machine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
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
    ],
  },
});
