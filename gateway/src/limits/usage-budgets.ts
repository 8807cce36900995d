import { ErrorCode } from '@cryptograph/core/base';
import type { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayContext } from '../context.js';
import { operationError } from '../operation/request-error.js';

/** Settings of the per-identity budgets (all from the gateway's env). */
export interface UsageBudgetOptions {
  /** Shared counters across gateway replicas when set; in-process counters otherwise. */
  readonly redisUrl?: string | undefined;
  /** Keeps installations that share a Redis apart (EVENT_BUS_PREFIX). */
  readonly keyPrefix: string;
  /** Rate limiting on or off (default on). */
  readonly rateLimitEnabled?: boolean;
  /** Operations one identity may run per window (default 600). */
  readonly requestsPerWindow?: number;
  /** Length of the rate limit window in seconds (default 60). */
  readonly windowSeconds?: number;
  /** Cost budgets on or off (default on). */
  readonly costEnabled?: boolean;
  /** Cost one identity may spend per minute (default 100 000). */
  readonly costPerMinute?: number;
}

/** The state of the caller's request budget after admitting an operation; sent as RateLimit-* headers. */
export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
}

/** An operation that fit in its caller's budgets. */
export interface Admission {
  /** The caller's request budget, or null when rate limiting is off. */
  readonly rate: RateLimitState | null;
  /** The cost budget left in this minute, or null when cost budgets are off. */
  readonly costRemaining: number | null;
}

/** The answer to a follow-up charge (the events of a subscription). */
export interface FollowUpCharge {
  readonly allowed: boolean;
  /** Seconds until the cost budget has room again (when refused). */
  readonly retryAfter: number;
}

/** Rate limits and cost budgets per identity, for every transport alike. */
export interface UsageBudgets {
  readonly costEnabled: boolean;
  readonly costPerMinute: number;
  /** Charges one operation (one request, `cost` points) or throws RATE_LIMITED (429 with Retry-After). */
  admit(key: string, cost: number): Promise<Admission>;
  /** Charges `points` of follow-up cost (subscription events) against the cost budget. */
  chargeFollowUp(key: string, points: number): Promise<FollowUpCharge>;
  /** The standard headers of a state. */
  headers(state: RateLimitState): Record<string, string>;
  /** Releases the Redis connection. */
  close(): Promise<void>;
}

/** Whom a budget belongs to: the API key, else the user, else the client's address. */
export function usageKeyOf(context: GatewayContext): string {
  if (context.apiKeyPrefix) return `key:${context.apiKeyPrefix}`;
  if (context.identity.userId) return `user:${context.identity.userId}`;
  return `addr:${context.identity.clientAddress || 'unknown'}`;
}

/**
 * Builds the per-identity budgets with rate-limiter-flexible (fixed windows in Redis with one atomic
 * round trip per limiter, or in process on embedded defaults; an in-memory insurance limiter keeps
 * limiting while Redis is down): a number of operations per window, and a cost budget per minute
 * charged with each operation's computed cost and with the follow-up cost of subscription events.
 */
export function createUsageBudgets(options: UsageBudgetOptions): UsageBudgets {
  const rateLimitEnabled = options.rateLimitEnabled ?? true;
  const costEnabled = options.costEnabled ?? true;
  const requestsPerWindow = options.requestsPerWindow ?? 600;
  const windowSeconds = options.windowSeconds ?? 60;
  const costPerMinute = options.costPerMinute ?? 100_000;
  // Auto-pipelining: the budget scripts of every operation admitted in the same tick go to Redis in one write.
  const redis =
    options.redisUrl && (rateLimitEnabled || costEnabled)
      ? new Redis(options.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, enableAutoPipelining: true })
      : undefined;
  const limiter = (name: string, points: number, duration: number): RateLimiterAbstract => {
    const base = { keyPrefix: `${options.keyPrefix}:${name}`, points, duration };
    if (!redis) return new RateLimiterMemory(base);
    return new RateLimiterRedis({ ...base, storeClient: redis, insuranceLimiter: new RateLimiterMemory(base) });
  };
  const requests = rateLimitEnabled ? limiter('rate', requestsPerWindow, windowSeconds) : undefined;
  const costs = costEnabled ? limiter('cost', costPerMinute, 60) : undefined;

  const headers = (state: RateLimitState): Record<string, string> => ({
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': String(state.resetSeconds),
  });
  const stateOf = (result: RateLimiterRes): RateLimitState => ({
    limit: requestsPerWindow,
    remaining: Math.max(0, result.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
  });
  const retryAfterOf = (result: RateLimiterRes) => Math.max(1, Math.ceil(result.msBeforeNext / 1000));

  async function consume(target: RateLimiterAbstract, key: string, points: number): Promise<{ result: RateLimiterRes; allowed: boolean }> {
    try {
      return { result: await target.consume(key, points), allowed: true };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { result: error, allowed: false };
      throw error;
    }
  }

  function refused(message: string, retryAfter: number, extensions: Record<string, unknown>, state: RateLimitState | null): GraphQLError {
    return operationError(
      message,
      ErrorCode.RATE_LIMITED,
      { status: 429, headers: { ...(state ? headers(state) : {}), 'retry-after': String(retryAfter) } },
      { retryAfter, ...extensions },
    );
  }

  return {
    costEnabled,
    costPerMinute,
    headers,
    async admit(key, cost) {
      // Both budgets in parallel: one Redis round trip of latency per operation.
      const [rate, spent] = await Promise.all([
        requests ? consume(requests, key, 1) : undefined,
        costs && cost > 0 ? consume(costs, key, Math.min(cost, costPerMinute)) : undefined,
      ]);
      const state = rate ? stateOf(rate.result) : null;
      if (rate && !rate.allowed) {
        const retryAfter = state!.resetSeconds;
        throw refused(
          `Too many requests: at most ${requestsPerWindow} per ${windowSeconds} s; retry in ${retryAfter} s.`,
          retryAfter,
          { limit: requestsPerWindow },
          state,
        );
      }
      if (spent && !spent.allowed) {
        const retryAfter = retryAfterOf(spent.result);
        throw refused(
          `This operation costs ${cost} but only ${Math.max(0, spent.result.remainingPoints)} of your ${costPerMinute} per minute are left; retry in ${retryAfter} s.`,
          retryAfter,
          { cost, limit: costPerMinute },
          state,
        );
      }
      return { rate: state, costRemaining: spent ? Math.max(0, spent.result.remainingPoints) : costEnabled ? costPerMinute : null };
    },
    async chargeFollowUp(key, points) {
      if (!costs || points <= 0) return { allowed: true, retryAfter: 0 };
      const spent = await consume(costs, key, Math.min(points, costPerMinute));
      return { allowed: spent.allowed, retryAfter: spent.allowed ? 0 : retryAfterOf(spent.result) };
    },
    async close() {
      redis?.disconnect();
    },
  };
}
