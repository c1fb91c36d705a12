import { defineConfig } from 'vitest/config';

/** One vitest run covers unit, database (PGlite + PostgreSQL) and browser tests. */
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'policies/**/*.test.ts',
      'matters/**/*.test.ts',
      'e2e/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    globalSetup: ['scripts/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
