import { ErrorCode } from '@cryptograph/core';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { GatewayContext } from '../context.js';
import { operationCost, type CostWeights } from './operation-cost.js';

/** Settings of the per-identity limits (all from the gateway's env). */
export interface UsageLimitOptions {
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
  /** Cost analysis on or off (default on). */
  readonly costEnabled?: boolean;
  /** Largest cost of one operation (default 10 000). */
  readonly maxOperationCost?: number;
  /** Cost one identity may spend per minute (default 100 000). */
  readonly costPerMinute?: number;
  /** Weights of the cost analysis. */
  readonly weights?: CostWeights;
}

/** The state of the caller's request budget after admitting an operation; sent as RateLimit-* headers. */
export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
}

/** An operation that passed the limits. */
export interface Admission {
  /** The computed cost (0 when cost analysis is off). */
  readonly cost: number;
  /** The caller's request budget, or null when rate limiting is off. */
  readonly rate: RateLimitState | null;
  /** The cost budget left in this minute, or null when cost analysis is off. */
  readonly costRemaining: number | null;
}

/** Rate limits and cost budgets per identity, for HTTP and WebSocket operations alike. */
export interface UsageLimits {
  /** Admits one operation or throws a GraphQLError (RATE_LIMITED or BAD_USER_INPUT, with cost/limit/retryAfter and HTTP status and headers). */
  admit(context: GatewayContext, schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>> | null | undefined): Promise<Admission>;
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
 * Builds the per-identity limits with rate-limiter-flexible (fixed windows in Redis with one atomic
 * round trip per limiter, or in process on embedded defaults; an in-memory insurance limiter keeps
 * limiting while Redis is down): a number of operations per window, and a cost budget per minute
 * charged with each operation's computed cost. Operations over the largest cost are refused before
 * any budget is charged.
 */
export function useUsageLimits(options: UsageLimitOptions): UsageLimits {
  const rateLimitEnabled = options.rateLimitEnabled ?? true;
  const costEnabled = options.costEnabled ?? true;
  const requestsPerWindow = options.requestsPerWindow ?? 600;
  const windowSeconds = options.windowSeconds ?? 60;
  const maxOperationCost = options.maxOperationCost ?? 10_000;
  const costPerMinute = options.costPerMinute ?? 100_000;
  const redis = options.redisUrl && (rateLimitEnabled || costEnabled) ? new Redis(options.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : undefined;
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

  async function consume(target: RateLimiterAbstract, key: string, points: number): Promise<{ result: RateLimiterRes; allowed: boolean }> {
    try {
      return { result: await target.consume(key, points), allowed: true };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { result: error, allowed: false };
      throw error;
    }
  }

  return {
    headers,
    async admit(context, schema, document, operationName, variables) {
      const cost = costEnabled ? operationCost(schema, document, operationName, variables, options.weights) : 0;
      if (cost > maxOperationCost) {
        throw new GraphQLError(`This operation costs ${cost}, more than the limit of ${maxOperationCost}; ask for fewer items (first, maxPoints).`, {
          extensions: { code: ErrorCode.BAD_USER_INPUT, cost, limit: maxOperationCost, http: { status: 400 } },
        });
      }
      const key = usageKeyOf(context);
      // Both budgets in parallel: one Redis round trip of latency per operation.
      const [rate, spent] = await Promise.all([requests ? consume(requests, key, 1) : undefined, costs && cost > 0 ? consume(costs, key, Math.min(cost, costPerMinute)) : undefined]);
      const state = rate ? stateOf(rate.result) : null;
      if (rate && !rate.allowed) {
        const retryAfter = state!.resetSeconds;
        throw new GraphQLError(`Too many requests: at most ${requestsPerWindow} per ${windowSeconds} s; retry in ${retryAfter} s.`, {
          extensions: { code: ErrorCode.RATE_LIMITED, retryAfter, limit: requestsPerWindow, http: { status: 429, headers: new Map(Object.entries({ ...headers(state!), 'retry-after': String(retryAfter) })) } },
        });
      }
      if (spent && !spent.allowed) {
        const retryAfter = Math.max(1, Math.ceil(spent.result.msBeforeNext / 1000));
        throw new GraphQLError(`This operation costs ${cost} but only ${Math.max(0, spent.result.remainingPoints)} of your ${costPerMinute} per minute are left; retry in ${retryAfter} s.`, {
          extensions: { code: ErrorCode.RATE_LIMITED, retryAfter, cost, limit: costPerMinute, http: { status: 429, headers: new Map(Object.entries({ ...(state ? headers(state) : {}), 'retry-after': String(retryAfter) })) } },
        });
      }
      return { cost, rate: state, costRemaining: spent ? Math.max(0, spent.result.remainingPoints) : costEnabled ? costPerMinute : null };
    },
    async close() {
      redis?.disconnect();
    },
  };
}
