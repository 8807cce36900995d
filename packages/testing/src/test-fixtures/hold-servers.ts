import { startPostgresServer } from '../postgres-server.js';
import { startRedisServer } from '../redis-server.js';

/**
 * Starts a Postgres and a Redis server, prints `{ postgresPid, postgresDir, redisPid }` as one
 * JSON line, and stays up until it is killed or its stdin closes (its parent went away).
 */
export async function holdServers(): Promise<void> {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
  const [postgres, redis] = await Promise.all([startPostgresServer(), startRedisServer()]);
  process.stdout.write(`${JSON.stringify({ postgresPid: postgres.pid, postgresDir: postgres.baseDir, redisPid: redis.pid })}\n`);
}

await holdServers();
