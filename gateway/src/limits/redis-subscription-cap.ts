import { randomUUID } from 'node:crypto';
import type { Logger } from '@cryptograph/core/base';
import { Redis } from 'ioredis';
import { acquireHoldScript, setHoldsScript } from './subscription-hold-scripts.js';
import { holderOf, releaseOnce, type SubscriptionCap } from './subscription-cap.js';

/** Settings of the cluster-wide subscription quota. */
export interface RedisSubscriptionCapOptions {
  readonly redisUrl: string;
  /** Keeps installations sharing a Redis apart (EVENT_BUS_PREFIX). */
  readonly keyPrefix: string;
  /** Concurrent subscriptions per holder across every gateway. */
  readonly limit: number;
  /** How long this gateway's slots count after its last renewal (renewed every third of it). */
  readonly leaseMs: number;
  readonly logger: Logger;
  /** How long one Redis command may take before this gateway counts on its own (default 1 s). */
  readonly commandTimeoutMs?: number;
}

/** The quota on Redis, with the id under which this gateway's slots are kept. */
export interface RedisSubscriptionCap extends SubscriptionCap {
  readonly instance: string;
}

/** One holder's slots on this gateway and the queue of its Redis writes. */
interface Holder {
  count: number;
  /** Redis may not know `count` (a write failed): the next renewal writes it. */
  dirty: boolean;
  renewing: boolean;
  queued: number;
  queue: Promise<void>;
}

interface HoldCommands {
  acquireHold(holds: string, leases: string, instance: string, limit: number, leaseMs: number): Promise<number>;
  setHolds(holds: string, leases: string, instance: string, count: number, leaseMs: number): Promise<number>;
}

/**
 * SUBSCRIPTIONS_PER_USER across every gateway on one Redis. Each gateway instance keeps, per holder,
 * the number of slots it holds under its own lease; a slot is granted only while the live slots of
 * all instances are below the limit (one atomic script), and the lease is renewed every third of
 * its length. A gateway that dies stops renewing: its slots stop counting when its lease lapses.
 *
 * The gateway's own count is the truth for its slots, so each renewal writes it: that also restores
 * the slots after a Redis restart lost them. Writes of one holder run in order (a queue per holder),
 * so a renewal never overtakes an acquisition or a release. While Redis does not answer, slots are
 * granted up to the limit on this gateway alone (the per-gateway cap), and written once it answers.
 *
 * Written here rather than with a semaphore library (e.g. redis-semaphore): those keep one lease and
 * one refresh timer per permit, so a gateway with 10 000 subscriptions would renew 10 000 leases;
 * here it renews one per holder.
 */
export function createRedisSubscriptionCap(options: RedisSubscriptionCapOptions): RedisSubscriptionCap {
  const { limit, leaseMs, logger } = options;
  const instance = randomUUID();
  const redis = new Redis(options.redisUrl, {
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Outages show as failed commands (reported once below); ioredis would also print each connection error.
  redis.on('error', () => undefined);
  redis.defineCommand('acquireHold', { numberOfKeys: 2, lua: acquireHoldScript });
  redis.defineCommand('setHolds', { numberOfKeys: 2, lua: setHoldsScript });
  const commands = redis as unknown as HoldCommands;
  const holders = new Map<string, Holder>();
  const keysOf = (name: string) => {
    const base = `${options.keyPrefix}:subscription-holds:{${name}}`;
    return [base, `${base}:leases`] as const;
  };

  let available = true;
  const answered = () => {
    if (available) return;
    available = true;
    logger.info('subscription quota: Redis answers again; counting across gateways');
  };
  const failed = (error: unknown) => {
    if (!available) return;
    available = false;
    logger.warn({ err: error }, 'subscription quota: Redis does not answer; counting on this gateway alone until it does');
  };

  /** Runs `task` after the earlier writes of holder `name`. */
  const enqueue = <T>(name: string, task: (holder: Holder) => Promise<T>): Promise<T> => {
    let holder = holders.get(name);
    if (!holder) {
      holder = { count: 0, dirty: false, renewing: false, queued: 0, queue: Promise.resolve() };
      holders.set(name, holder);
    }
    const current = holder;
    current.queued += 1;
    const result = current.queue.then(() => task(current));
    current.queue = result
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        current.queued -= 1;
        if (current.queued === 0 && current.count === 0 && !current.dirty && holders.get(name) === current) holders.delete(name);
      });
    return result;
  };

  /** Writes this gateway's count of `name` and renews its lease (later, while Redis does not answer). */
  const write = async (name: string, holder: Holder): Promise<void> => {
    if (!available) {
      holder.dirty = true;
      return;
    }
    const [holds, leases] = keysOf(name);
    try {
      await commands.setHolds(holds, leases, instance, holder.count, leaseMs);
      holder.dirty = false;
      answered();
    } catch (error) {
      holder.dirty = true;
      failed(error);
    }
  };

  const renew = () => {
    // While Redis does not answer, a ping finds out when it is back; the next renewal then writes every count.
    if (!available) redis.ping().then(answered, () => undefined);
    for (const [name, holder] of holders) {
      if ((holder.count === 0 && !holder.dirty) || holder.renewing) continue;
      holder.renewing = true;
      void enqueue(name, async (current) => {
        current.renewing = false;
        await write(name, current);
      });
    }
  };
  const renewal = setInterval(renew, Math.max(100, Math.floor(leaseMs / 3)));
  renewal.unref();

  return {
    limit,
    instance,
    acquire(identity) {
      const name = holderOf(identity);
      return enqueue(name, async (holder) => {
        if (holder.dirty) await write(name, holder);
        let granted: boolean;
        if (holder.dirty || !available) {
          // Redis did not answer: no new subscription waits for it (the renewals find out when it is back).
          holder.dirty = true;
          granted = holder.count < limit;
        } else {
          const [holds, leases] = keysOf(name);
          try {
            granted = (await commands.acquireHold(holds, leases, instance, limit, leaseMs)) === 1;
            answered();
          } catch (error) {
            failed(error);
            granted = holder.count < limit;
            holder.dirty = true;
          }
        }
        if (!granted) return null;
        holder.count += 1;
        return releaseOnce(() => {
          void enqueue(name, async (current) => {
            current.count -= 1;
            await write(name, current);
          });
        });
      });
    },
    async close() {
      clearInterval(renewal);
      // Whatever is still held here ends with this gateway.
      await Promise.all(
        [...holders.keys()].map((name) =>
          enqueue(name, async (holder) => {
            holder.count = 0;
            await write(name, holder);
            holder.dirty = false;
          }),
        ),
      );
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
