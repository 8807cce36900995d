import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './packages/testing/src/summary-reporter.js';

// An unhandled rejection crashes every test worker and every process a test spawns (they inherit
// NODE_OPTIONS), also where a handler would otherwise swallow it: a regression fails the suite.
// Proven by packages/core/src/service/process-guards.test.ts.
const strictRejections = '--unhandled-rejections=strict';
if (!process.env.NODE_OPTIONS?.includes(strictRejections)) process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, strictRejections].filter(Boolean).join(' ');

/** The scenario of a fresh install meeting its own default models. */
const freshInstall = 'e2e/models/default-models.test.ts';

export default defineConfig({
  // One graphql copy, as under Node: vite would otherwise load the ESM build for our code and
  // mercurius/graphql-jit the CommonJS one, and `instanceof GraphQLError` would fail between them.
  resolve: { alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: [
            'gateway/**/*.test.ts',
            'subgraphs/**/*.test.ts',
            'apps/**/*.test.ts',
            'packages/**/*.test.ts',
            'schema/**/*.test.ts',
            'bench/**/*.test.ts',
            'e2e/**/*.test.ts',
            'web/**/*.test.ts',
            'otel/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', freshInstall],
          globalSetup: ['./vitest.global-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      // The fresh-install figure (a first prediction within 60 s of `npm start`) is what a new user
      // sees on a machine that runs only the product: it runs after the rest, alone, not beside two
      // test workers starting stacks of their own.
      { extends: true, test: { name: 'fresh-install', include: [freshInstall], sequence: { groupOrder: 1 } } },
    ],
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', new SummaryReporter()],
  },
});
