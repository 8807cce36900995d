import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './packages/testing/src/summary-reporter.js';

export default defineConfig({
  test: {
    include: [
      'gateway/**/*.test.ts',
      'subgraphs/**/*.test.ts',
      'packages/**/*.test.ts',
      'schema/**/*.test.ts',
      'bench/**/*.test.ts',
      'e2e/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', 'web/**'],
    globalSetup: ['./vitest.global-setup.ts'],
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', new SummaryReporter()],
  },
});
