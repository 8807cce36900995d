import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Makes the counters of login and sign-up throttling: shared by every replica through Redis when there is one. */
export interface RateLimiters {
  /** A counter of `points` per `windowSeconds` under `name`, blocked for the rest of the window once used up. */
  create(name: string, points: number, windowSeconds: number): RateLimiterAbstract;
  /** Releases the Redis connection, if any. */
  close(): Promise<void>;
}

/**
 * rate-limiter-flexible counters (atomic increments in Redis or in memory): on an ioredis client when
 * `redisUrl` is set, with in-memory counters as insurance while Redis is down; in memory otherwise.
 * Keys start with `keyPrefix` (the installation's EVENT_BUS_PREFIX), so installations sharing a
 * Redis count apart.
 */
export function createRateLimiters(options: { redisUrl?: string | undefined; keyPrefix: string }): RateLimiters {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  return {
    create(name, points, windowSeconds) {
      const base = { keyPrefix: `${options.keyPrefix}:${name}`, points, duration: windowSeconds, blockDuration: windowSeconds };
      if (!redis) return new RateLimiterMemory(base);
      return new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: new RateLimiterMemory(base) });
    },
    async close() {
      redis?.disconnect();
    },
  };
}
