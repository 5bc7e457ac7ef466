import { defineConfig } from 'vitest/config';

// Integration tests start real Prometheus, Alertmanager and Chromium processes; on a 2-core
// machine they are given room rather than raced against each other.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'generated/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
