import { join } from 'node:path';
import { createMemoryEventBus } from '../bus/memory-event-bus.js';
import { createRedisEventBus } from '../bus/redis-event-bus.js';
import type { EventBus } from '../bus/event-bus.js';
import { EmbeddedDatabaseInUse, openDatabase, type DatabaseConnection } from '../db/database-connection.js';
import { OperatorError } from '../errors/operator-error.js';
import { watchInfrastructure } from '../telemetry/infrastructure-metrics.js';
import { traceEventBus } from '../telemetry/traced-event-bus.js';
import { pingPostgres } from '../db/server-ping.repository.js';
import { awaitPostgres, awaitRedis } from './await-dependencies.js';

/** The database and event bus of one process. */
export interface Infrastructure {
  readonly db: DatabaseConnection;
  readonly bus: EventBus;
  /** Closes the bus, then the database. */
  close(): Promise<void>;
}

/** How long a starting process waits for Postgres and Redis by default. */
const defaultStartupWaitSeconds = 10;

/** Opens the embedded database, turning a DATA_DIR the process cannot use into an operator error. */
async function openEmbedded(dataDir: string): Promise<DatabaseConnection> {
  try {
    return await openDatabase({ embeddedDir: join(dataDir, 'pgdata') });
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUse) {
      throw new OperatorError(
        'DATA_DIR',
        `the embedded database in ${error.folder} is in use by another process (a running \`npm start\`?): stop it first, or set DATABASE_URL to a Postgres server both can use (a lock left by a process that died lapses within 20 seconds)`,
      );
    }
    const { code, path } = error as { code?: unknown; path?: unknown };
    if (typeof code === 'string' && ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC'].includes(code)) {
      throw new OperatorError(
        'DATA_DIR',
        `cannot keep the embedded database in ${typeof path === 'string' ? path : dataDir} (${code}): set it to a writable folder`,
      );
    }
    throw error;
  }
}

/**
 * Real Postgres and Redis when DATABASE_URL / REDIS_URL are set; otherwise the embedded PGlite
 * under `<DATA_DIR>/pgdata` and the in-process bus. The bus is traced and both report metrics.
 * A real server that does not answer within STARTUP_WAIT_SECONDS (or refuses the credentials) is
 * an operator error naming its variable; once started, outages are survived, not fatal.
 */
export async function openInfrastructure(env: {
  DATABASE_URL?: string | undefined;
  DATABASE_POOL_SIZE?: number;
  REDIS_URL?: string | undefined;
  EVENT_BUS_PREFIX?: string;
  DATA_DIR: string;
  STARTUP_WAIT_SECONDS?: number;
}): Promise<Infrastructure> {
  const waitSeconds = env.STARTUP_WAIT_SECONDS ?? defaultStartupWaitSeconds;
  if (env.REDIS_URL) await awaitRedis(env.REDIS_URL, waitSeconds);
  const db = env.DATABASE_URL ? await openDatabase({ url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE ?? 10 }) : await openEmbedded(env.DATA_DIR);
  if (env.DATABASE_URL) {
    try {
      await awaitPostgres(() => pingPostgres(db.root), env.DATABASE_URL, waitSeconds);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  const bus = traceEventBus(env.REDIS_URL ? createRedisEventBus(env.REDIS_URL, env.EVENT_BUS_PREFIX) : createMemoryEventBus());
  const unwatch = watchInfrastructure(db, bus);
  return {
    db,
    bus,
    close: async () => {
      unwatch();
      await bus.close();
      await db.close();
    },
  };
}
