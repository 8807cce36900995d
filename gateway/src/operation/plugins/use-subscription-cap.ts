import { ErrorCode } from '@cryptograph/core';
import { createSubscriptionCap } from '../../limits/subscription-cap.js';
import type { GatewayPlugin } from '../gateway-plugin.js';

/**
 * Limits the concurrent subscriptions of one user (one address for anonymous callers) on this
 * gateway (SUBSCRIPTIONS_PER_USER), whatever transport carries them: a subscription past the cap
 * ends at once with RATE_LIMITED; its slot is released when it ends or is stopped.
 */
export function useSubscriptionCap(options: { readonly perUser: number }): GatewayPlugin {
  const cap = createSubscriptionCap(options.perUser);
  return {
    name: 'subscription-cap',
    async onOperation(operation, next) {
      const outcome = await next();
      if (outcome.kind !== 'stream') return outcome;
      const identity = operation.context.identity;
      return {
        kind: 'stream',
        start(sink) {
          const release = cap.acquire(identity);
          if (!release) {
            sink.error([{ message: `Too many concurrent subscriptions: at most ${cap.limit} per user.`, extensions: { code: ErrorCode.RATE_LIMITED } }]);
            return () => {};
          }
          const stop = outcome.start({
            next: sink.next,
            error: (errors) => {
              release();
              sink.error(errors);
            },
            complete: () => {
              release();
              sink.complete();
            },
          });
          return () => {
            release();
            stop();
          };
        },
      };
    },
  };
}
