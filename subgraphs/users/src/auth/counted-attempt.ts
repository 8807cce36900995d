import { rateLimited } from '@cryptograph/core';
import { createHash } from 'node:crypto';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Counter keys stay short and free of client-controlled characters. */
export const counterKey = (value: string): string =>
  createHash('sha256')
    .update(value || 'unknown')
    .digest('base64url');

/**
 * Counts one attempt on each `[counter, key]` pair at once (every pair is counted, even when one is
 * over its limit), and throws RATE_LIMITED with `message` and the longest wait when any is used up.
 * Each count is one atomic increment, so parallel attempts can never pass a limit together.
 */
export async function countAttempt(pairs: readonly [RateLimiterAbstract, string][], message: string): Promise<void> {
  const outcomes = await Promise.allSettled(pairs.map(([counter, key]) => counter.consume(counterKey(key))));
  let waitMs = -1;
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') continue;
    if (!(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
    waitMs = Math.max(waitMs, outcome.reason.msBeforeNext);
  }
  if (waitMs >= 0) throw rateLimited(message, waitMs / 1000);
}
