import type { Logger } from '@cryptograph/core';
import { Redis } from 'ioredis';

/** Watches the Redis server the bus uses and reports each reconnection after a lost connection. */
export interface ReconnectWatch {
  close(): Promise<void>;
}

/**
 * Keeps one idle connection to `url` (ioredis reconnects it automatically, like the bus's own) and
 * calls `onReconnect` whenever it becomes ready again after having been lost: a sign that the bus
 * may have dropped messages in between.
 */
export function watchRedisReconnects(url: string, onReconnect: () => void, logger: Logger): ReconnectWatch {
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(50 * times, 1_000) });
  let wasReady = false;
  let lost = false;
  client.on('error', () => undefined);
  client.on('close', () => {
    if (wasReady) lost = true;
  });
  client.on('ready', () => {
    if (lost) {
      lost = false;
      logger.info('Redis reconnected: backfilling subscribers from Postgres');
      onReconnect();
    }
    wasReady = true;
  });
  return {
    async close() {
      client.disconnect();
    },
  };
}
