import { MetricSources, processRegistry } from '@cryptograph/otel';
import { Gauge } from 'prom-client';
import type { EventBus } from '../bus/event-bus.js';
import type { DatabaseConnection } from '../db/database-connection.js';

const pools = new MetricSources<{ total: number; idle: number; waiting: number } | null>();
const buses = new MetricSources<boolean | null>();
let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  const registers = [processRegistry()];
  new Gauge({
    name: 'cryptograph_db_pool_connections',
    help: 'Postgres pool connections by state (total, idle, waiting clients); absent on the embedded database.',
    labelNames: ['state'],
    registers,
    collect() {
      this.reset();
      for (const stats of pools.values()) {
        if (!stats) continue;
        this.inc({ state: 'total' }, stats.total);
        this.inc({ state: 'idle' }, stats.idle);
        this.inc({ state: 'waiting' }, stats.waiting);
      }
    },
  });
  new Gauge({
    name: 'cryptograph_redis_up',
    help: '1 when every Redis connection of the event bus is ready, 0 otherwise; absent with the in-process bus.',
    labelNames: ['client'],
    registers,
    collect() {
      this.reset();
      const states = buses.values().filter((state) => state !== null);
      if (states.length > 0) this.set({ client: 'event-bus' }, states.every(Boolean) ? 1 : 0);
    },
  });
}

/** Reports the Postgres pool and Redis health of an infrastructure in the process registry; returns how to stop. */
export function watchInfrastructure(db: DatabaseConnection, bus: EventBus): () => void {
  register();
  const removePool = pools.add(() => db.poolStats?.() ?? null);
  const removeBus = buses.add(() => bus.healthy?.() ?? null);
  return () => {
    removePool();
    removeBus();
  };
}
