import { trace } from '@opentelemetry/api';
import { serviceRegistry } from '@cryptograph/otel';
import { Counter, Gauge } from 'prom-client';
import type { AnswerDependencies, PublicDataPolicy } from '../../response-cache/public-data-policy.js';
import type { MarketInvalidation } from '../../response-cache/market-invalidation.js';
import type { ResponseCacheStore } from '../../response-cache/response-cache-store.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import type { Operation } from '../operation.js';
import type { OperationOutcome, ResultOutcome } from '../operation-outcome.js';
import { dataResultOfJson, serializedResult } from '../serialized-result.js';
import { roleScope, sharingKeyOf } from '../sharing-key.js';

/** Settings of the response cache. */
export interface ResponseCacheOptions {
  readonly policy: PublicDataPolicy;
  readonly store: ResponseCacheStore;
  readonly invalidation: MarketInvalidation;
  /** How long an answer that can still change is kept (events remove it sooner). */
  readonly ttlMs: number;
  /** How long an answer of closed candles is kept. */
  readonly closedTtlMs: number;
  /** `max-age` for clients of an answer of closed candles (seconds). */
  readonly clientMaxAgeSeconds: number;
}

/** What one gateway's response cache did so far, and what it holds. */
export interface ResponseCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly bypasses: number;
  readonly entries: number;
  readonly bytes: number;
}

/** The response cache plugin and its counters. */
export interface ResponseCache extends GatewayPlugin {
  stats(): ResponseCacheStats;
  /** Stops reporting this cache's size in the metrics. */
  close(): void;
}

/** Set on the span of an operation answered from the response cache. */
export const cacheHitAttribute = 'cryptograph.response_cache.hit';

type Result = 'hit' | 'miss' | 'bypass';
let metrics: { requests: Counter<'result'>; removed: Counter<'reason'>; bytes: Gauge; entries: Gauge } | undefined;
/** The stores of the gateways in this process, whose sizes the gauges report. */
const stores = new Set<ResponseCacheStore>();
const totalOf = (field: 'entries' | 'bytes') => [...stores].reduce((sum, store) => sum + store.stats()[field], 0);

/** True when every range is closed candles of a known symbol: the answer only changes if stored bars are corrected. */
function isClosed(dependencies: AnswerDependencies, invalidation: MarketInvalidation): boolean {
  if (dependencies.catalog || dependencies.candles.length === 0) return false;
  return dependencies.candles.every((range) => {
    if (range.symbol === null || !Number.isFinite(range.to)) return false;
    const closedUntil = invalidation.closedUntil(range.symbol);
    return closedUntil !== undefined && range.to <= closedUntil;
  });
}

/** A successful answer with data only (no errors, no extensions): the only kind worth keeping. */
function cacheable(outcome: OperationOutcome): outcome is ResultOutcome {
  if (outcome.kind !== 'result' || outcome.status !== 200) return false;
  const { result } = outcome;
  return result.errors === undefined && result.extensions === undefined && result.data !== null && result.data !== undefined;
}

/**
 * The response cache for public market data (see `publicDataPolicy`): a query that reads only
 * public fields shares its answer with every caller of the same role and scopes (it widens the
 * operation's sharing scope, which in-flight deduplication uses too), and is answered from the
 * cache while no event changed what it read (`watchMarketInvalidation`: every gateway on the bus
 * drops the same answers). Placed after the budgets, so a cached answer is still counted, charged
 * and rate limited per caller. Errors are never cached. For clients (HTTP): closed candles are
 * `private, max-age=…`, other public answers `private, no-cache`, everything else `no-store`;
 * `private` because an answer still depends on the caller being allowed to read market data.
 */
export function useResponseCache(options: ResponseCacheOptions): ResponseCache {
  const { policy, store, invalidation } = options;
  metrics ??= {
    requests: new Counter({
      name: 'cryptograph_gateway_response_cache_requests_total',
      help: 'Queries of public market data by response cache result: hit, miss (executed, then stored if cacheable), bypass (cache off while the event bus is down).',
      labelNames: ['result'],
      registers: [serviceRegistry('gateway')],
    }),
    removed: new Counter({
      name: 'cryptograph_gateway_response_cache_removed_total',
      help: 'Answers removed from the response cache, by reason: invalidated (an event changed what they read), evicted (for room), expired.',
      labelNames: ['reason'],
      registers: [serviceRegistry('gateway')],
    }),
    bytes: new Gauge({
      name: 'cryptograph_gateway_response_cache_bytes',
      help: 'Bytes of answers held by the response cache.',
      registers: [serviceRegistry('gateway')],
      collect() {
        this.set(totalOf('bytes'));
      },
    }),
    entries: new Gauge({
      name: 'cryptograph_gateway_response_cache_entries',
      help: 'Answers held by the response cache.',
      registers: [serviceRegistry('gateway')],
      collect() {
        this.set(totalOf('entries'));
      },
    }),
  };
  const counters = metrics;
  stores.add(store);
  const clientCaching = (operation: Operation, value: string) => {
    if (!operation.capabilities.metadata) return;
    operation.responseHeaders = { ...operation.responseHeaders, 'cache-control': value, ...(value === 'no-store' ? {} : { vary: 'authorization, x-api-key' }) };
  };
  const publicCaching = (closed: boolean) => (closed ? `private, max-age=${options.clientMaxAgeSeconds}` : 'private, no-cache');
  const counts: Record<Result, number> = { hit: 0, miss: 0, bypass: 0 };
  const count = (result: Result) => {
    counts[result] += 1;
    counters.requests.inc({ result });
  };

  return {
    name: 'response-cache',
    stats: () => ({ hits: counts.hit, misses: counts.miss, bypasses: counts.bypass, ...store.stats() }),
    close: () => void stores.delete(store),
    async onOperation(operation, next) {
      const dependencies = policy.dependenciesOf(operation.document!, operation.definition!, operation.variables);
      if (!dependencies) {
        clientCaching(operation, 'no-store');
        return next();
      }
      operation.sharingScope = roleScope(operation.context);
      if (!invalidation.live()) {
        count('bypass');
        const outcome = await next();
        clientCaching(operation, cacheable(outcome) ? publicCaching(false) : 'no-store');
        return outcome;
      }
      const key = sharingKeyOf(operation);
      const cached = store.get(key);
      if (cached) {
        count('hit');
        trace.getActiveSpan()?.setAttribute(cacheHitAttribute, true);
        clientCaching(operation, publicCaching(cached.closed));
        return { kind: 'result', status: 200, result: dataResultOfJson(cached.body) };
      }
      count('miss');
      const fill = store.begin(key, dependencies);
      let outcome: OperationOutcome;
      try {
        outcome = await next();
      } catch (error) {
        store.abandon(fill);
        throw error;
      }
      if (!cacheable(outcome)) {
        store.abandon(fill);
        clientCaching(operation, 'no-store');
        return outcome;
      }
      const closed = isClosed(dependencies, invalidation);
      store.complete(fill, { body: serializedResult(outcome.result), dependencies, closed }, closed ? options.closedTtlMs : options.ttlMs);
      clientCaching(operation, publicCaching(closed));
      return outcome;
    },
  };
}

/** Counts an entry the store removed (wire it as the store's `onRemoved`). */
export function countRemovedAnswer(reason: 'invalidated' | 'evicted' | 'expired'): void {
  metrics?.removed.inc({ reason });
}
