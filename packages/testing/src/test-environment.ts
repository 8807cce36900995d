import { inject } from 'vitest';

declare module 'vitest' {
  /** Values the root vitest global setup provides to every test file. */
  export interface ProvidedContext {
    /** URL of the throwaway Postgres server (its `postgres` database), when one runs. */
    testPostgresUrl: string | undefined;
    /** URL of the throwaway Redis server, when one runs. */
    testRedisUrl: string | undefined;
  }
}

/** The real servers the test run provides; undefined parts mean "use the embedded default". */
export interface TestEnvironment {
  /** Server URL for `createTestDatabase`; undefined means use embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Redis URL; undefined means use the in-process event bus. */
  readonly redisUrl: string | undefined;
  /** True when both Postgres and Redis are real servers. */
  readonly real: boolean;
}

/** Reads (inside a test file) which real servers the global setup started. */
export function testEnvironment(): TestEnvironment {
  const databaseUrl = inject('testPostgresUrl');
  const redisUrl = inject('testRedisUrl');
  return Object.freeze({
    databaseUrl,
    redisUrl,
    real: databaseUrl !== undefined && redisUrl !== undefined,
  });
}
