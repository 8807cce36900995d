import { join } from 'node:path';
import { createMemoryEventBus } from '../bus/memory-event-bus.js';
import { createRedisEventBus } from '../bus/redis-event-bus.js';
import type { EventBus } from '../bus/event-bus.js';
import { openDatabase, type DatabaseConnection } from '../db/database-connection.js';
import { watchInfrastructure } from '../telemetry/infrastructure-metrics.js';
import { traceEventBus } from '../telemetry/traced-event-bus.js';

/** The database and event bus of one process. */
export interface Infrastructure {
  readonly db: DatabaseConnection;
  readonly bus: EventBus;
  /** Closes the bus, then the database. */
  close(): Promise<void>;
}

/**
 * Real Postgres and Redis when DATABASE_URL / REDIS_URL are set; otherwise the embedded PGlite
 * under `<DATA_DIR>/pgdata` and the in-process bus. The bus is traced and both report metrics.
 */
export async function openInfrastructure(env: { DATABASE_URL?: string | undefined; DATABASE_POOL_SIZE?: number; REDIS_URL?: string | undefined; EVENT_BUS_PREFIX?: string; DATA_DIR: string }): Promise<Infrastructure> {
  const db = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE ?? 10 } : { embeddedDir: join(env.DATA_DIR, 'pgdata') });
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
