import {
  createTestDatabase,
  postgresBinariesAvailable,
  redisBinaryAvailable,
  startPostgresServer,
  startRedisServer,
  type PostgresServer,
  type RedisServer,
} from '@cryptograph/testing';

export type { PostgresServer, RedisServer };

/**
 * Starts a throwaway Postgres and Redis in parallel, each only when its binaries are installed (undefined otherwise:
 * the stack falls back to PGlite / the in-process bus).
 */
export async function startAvailableServers(): Promise<[PostgresServer | undefined, RedisServer | undefined]> {
  return Promise.all([
    postgresBinariesAvailable() ? startPostgresServer() : Promise.resolve(undefined),
    redisBinaryAvailable() ? startRedisServer() : Promise.resolve(undefined),
  ]);
}

/** A fresh database on `postgres`, or undefined without one (the stack then uses embedded PGlite). */
export async function freshDatabaseUrl(postgres: PostgresServer | undefined): Promise<string | undefined> {
  return postgres ? createTestDatabase(postgres.url) : undefined;
}
