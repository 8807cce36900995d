import { Redis } from 'ioredis';

/**
 * A Redis client for one probe of a server (is it up, does it answer): it connects when asked,
 * gives up after `connectTimeoutMs`, and never retries, reconnects or queues a command while offline.
 */
export function singleAttemptRedis(url: string, connectTimeoutMs: number): Redis {
  return new Redis(url, { lazyConnect: true, connectTimeout: connectTimeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
}
