import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Compiling generated packages is CPU-heavy; CI has 2 cores.
    maxWorkers: 2,
    // After the run: the tests closest to their timeouts and the slowest hooks (see the reporter).
    reporters: ['default', './test/helpers/headroom-reporter.ts'],
  },
});
