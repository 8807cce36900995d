import { rateLimited } from '@cryptograph/core';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Limits of the login throttle. */
export interface LoginThrottleOptions {
  /** Consecutive failures per account before logins for it are refused. */
  readonly maxFailuresPerAccount: number;
  /** Failures per client address before logins from it are refused. */
  readonly maxFailuresPerAddress: number;
  /** Window of both counters, and how long a limit holds once reached. */
  readonly windowSeconds: number;
  /** Shared counters across replicas when set; in-process counters otherwise. */
  readonly redisUrl?: string | undefined;
}

/** Counts failed logins per account and per client address (rate-limiter-flexible) and refuses further attempts with RATE_LIMITED. */
export interface LoginThrottle {
  /** Throws RATE_LIMITED when the account or the address has used up its failures. */
  assertAllowed(account: string, address: string): Promise<void>;
  /** Counts a failed attempt; throws RATE_LIMITED when it went over a limit. */
  recordFailure(account: string, address: string): Promise<void>;
  /** Resets the account's consecutive failures after a successful login. */
  recordSuccess(account: string): Promise<void>;
  /** Releases the Redis connection, if any. */
  close(): Promise<void>;
}

const message = 'Too many failed login attempts; try again later.';

/** Keys stay short and free of client-controlled characters. */
const keyOf = (value: string) => createHash('sha256').update(value).digest('base64url');

function isLimitReached(error: unknown): error is RateLimiterRes {
  return error instanceof RateLimiterRes;
}

/** Builds the login throttle: RateLimiterRedis on an ioredis client when `redisUrl` is set (memory as insurance while Redis is down), RateLimiterMemory otherwise. */
export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  const limiter = (keyPrefix: string, points: number): RateLimiterAbstract => {
    const base = { keyPrefix, points, duration: options.windowSeconds, blockDuration: options.windowSeconds };
    if (!redis) return new RateLimiterMemory(base);
    return new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: new RateLimiterMemory(base) });
  };
  const byAccount = limiter('login-fail-account', options.maxFailuresPerAccount);
  const byAddress = limiter('login-fail-address', options.maxFailuresPerAddress);
  const addressKey = (address: string) => keyOf(address || 'unknown');

  return {
    async assertAllowed(account, address) {
      const [accountState, addressState] = await Promise.all([byAccount.get(keyOf(account)), byAddress.get(addressKey(address))]);
      for (const [state, limit] of [[accountState, options.maxFailuresPerAccount], [addressState, options.maxFailuresPerAddress]] as const) {
        if (state && state.consumedPoints >= limit) throw rateLimited(message, state.msBeforeNext / 1000);
      }
    },
    async recordFailure(account, address) {
      try {
        await Promise.all([byAccount.consume(keyOf(account)), byAddress.consume(addressKey(address))]);
      } catch (error) {
        if (isLimitReached(error)) throw rateLimited(message, error.msBeforeNext / 1000);
        throw error;
      }
    },
    async recordSuccess(account) {
      await byAccount.delete(keyOf(account));
    },
    async close() {
      redis?.disconnect();
    },
  };
}
