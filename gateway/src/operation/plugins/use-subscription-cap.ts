import { ErrorCode, type Logger } from '@cryptograph/core/base';
import { createRedisSubscriptionCap } from '../../limits/redis-subscription-cap.js';
import { createSubscriptionCap, type ReleaseSlot, type SubscriptionCap } from '../../limits/subscription-cap.js';
import type { GatewayPlugin } from '../gateway-plugin.js';

/** Settings of the subscription cap. */
export interface SubscriptionCapOptions {
  /** Concurrent subscriptions per user (per address for anonymous callers): SUBSCRIPTIONS_PER_USER. */
  readonly perUser: number;
  /** Counts across every gateway on this Redis when set; in this process otherwise. */
  readonly redisUrl?: string | undefined;
  /** Keeps installations sharing a Redis apart (EVENT_BUS_PREFIX). */
  readonly keyPrefix: string;
  /** How long a gateway's slots outlive its last renewal (SUBSCRIPTION_LEASE_SECONDS), in ms. */
  readonly leaseMs: number;
  readonly logger: Logger;
}

/** The subscription cap plugin and what to release on stop. */
export interface SubscriptionCapPlugin extends GatewayPlugin {
  /** Gives back this gateway's slots and closes the Redis connection. */
  close(): Promise<void>;
}

/**
 * Limits the concurrent subscriptions of one user (one address for anonymous callers) to
 * SUBSCRIPTIONS_PER_USER, whatever transport carries them: across every gateway when Redis is
 * configured (`createRedisSubscriptionCap`), in this process otherwise. A subscription takes its
 * slot when its stream starts and ends at once with RATE_LIMITED past the cap; the slot is given
 * back when the subscription ends or is stopped.
 */
export function useSubscriptionCap(options: SubscriptionCapOptions): SubscriptionCapPlugin {
  const cap: SubscriptionCap = options.redisUrl
    ? createRedisSubscriptionCap({
        redisUrl: options.redisUrl,
        keyPrefix: options.keyPrefix,
        limit: options.perUser,
        leaseMs: options.leaseMs,
        logger: options.logger,
      })
    : createSubscriptionCap(options.perUser);
  return {
    name: 'subscription-cap',
    close: () => cap.close(),
    async onOperation(operation, next) {
      const outcome = await next();
      if (outcome.kind !== 'stream') return outcome;
      const identity = operation.context.identity;
      return {
        kind: 'stream',
        start(sink) {
          let stopped = false;
          let release: ReleaseSlot | undefined;
          let stopStream: (() => void) | undefined;
          void cap.acquire(identity).then((granted) => {
            if (stopped) {
              granted?.();
              return;
            }
            if (!granted) {
              sink.error([{ message: `Too many concurrent subscriptions: at most ${cap.limit} per user.`, extensions: { code: ErrorCode.RATE_LIMITED } }]);
              return;
            }
            release = granted;
            stopStream = outcome.start({
              next: sink.next,
              error: (errors) => {
                granted();
                sink.error(errors);
              },
              complete: () => {
                granted();
                sink.complete();
              },
            });
          });
          return () => {
            stopped = true;
            release?.();
            stopStream?.();
          };
        },
      };
    },
  };
}
