import { startPostgresServer } from '../postgres-server.js';
import { startRedisServer } from '../redis-server.js';

/** Starts a Postgres and a Redis server, prints `{ postgresPid, postgresDir, redisPid }` as one JSON line, and stays up until killed. */
export async function holdServers(): Promise<void> {
  const [postgres, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
  process.stdout.write(`${JSON.stringify({ postgresPid: postgres.pid, postgresDir: postgres.baseDir, redisPid: redis.pid })}\n`);
  setInterval(() => undefined, 60_000);
}

await holdServers();
