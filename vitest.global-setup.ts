import type { TestProject } from 'vitest/node';
import { postgresBinariesAvailable, startPostgresServer, type PostgresServer } from './packages/testing/src/postgres-server.js';
import { redisBinaryAvailable, startRedisServer, type RedisServer } from './packages/testing/src/redis-server.js';
import type {} from './packages/testing/src/test-environment.js';

/**
 * Vitest global setup: starts throwaway Postgres and Redis servers when their binaries are
 * on PATH and provides their URLs (see `testEnvironment()`); otherwise tests fall back to
 * the embedded defaults, except on CI (`CI=true`), which must always run the real path.
 * Servers are stopped by pid in teardown, and also if the run exits or is interrupted.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const onCi = process.env.CI === 'true';
  const missing = [postgresBinariesAvailable() ? undefined : 'Postgres (initdb, postgres)', redisBinaryAvailable() ? undefined : 'Redis (redis-server)'].filter(
    (name) => name !== undefined,
  );
  if (onCi && missing.length > 0) {
    throw new Error(`CI=true but ${missing.join(' and ')} not found on PATH: CI must run the tests against real servers`);
  }

  const [postgres, redis] = await Promise.allSettled([
    postgresBinariesAvailable() ? startPostgresServer() : Promise.resolve(undefined),
    redisBinaryAvailable() ? startRedisServer() : Promise.resolve(undefined),
  ]);
  const started = [postgres, redis].flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
  const teardown = async (): Promise<void> => {
    await Promise.all(started.map((server) => server.stop()));
  };
  if (postgres.status === 'rejected' || redis.status === 'rejected') {
    await teardown();
    throw postgres.status === 'rejected' ? postgres.reason : (redis as PromiseRejectedResult).reason;
  }

  const postgresServer: PostgresServer | undefined = postgres.value;
  const redisServer: RedisServer | undefined = redis.value;
  project.provide('testPostgresUrl', postgresServer?.url);
  project.provide('testRedisUrl', redisServer?.url);
  console.log(`test servers: ${serversLine(postgresServer, redisServer)}`);
  return teardown;
}

function serversLine(postgres: PostgresServer | undefined, redis: RedisServer | undefined): string {
  const parts = [
    postgres
      ? `real Postgres at ${postgres.url} (pid ${postgres.pid})`
      : 'Postgres binaries (initdb, postgres) not found on PATH: tests fall back to embedded PGlite',
    redis ? `real Redis at ${redis.url} (pid ${redis.pid})` : 'redis-server not found on PATH: tests fall back to the in-process event bus',
  ];
  return parts.join('; ');
}
