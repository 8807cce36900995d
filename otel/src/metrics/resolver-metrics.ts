import { Counter, Histogram } from 'prom-client';
import { fastBuckets } from './buckets.js';
import { metricsPerService } from './metrics-per-service.js';

/** The resolver metrics of one service. */
export interface ResolverMetrics {
  /** `cryptograph_graphql_resolver_duration_seconds{type, field, outcome}`. */
  readonly duration: Histogram<'type' | 'field' | 'outcome'>;
  /** `cryptograph_graphql_resolver_errors_total{type, field, code}`. */
  readonly errors: Counter<'type' | 'field' | 'code'>;
}

/** The resolver metrics of `service`, registered in its registry on first use. Labels are schema names, so bounded. */
export const resolverMetrics: (service: string) => ResolverMetrics = metricsPerService((registers) => ({
  duration: new Histogram({
    name: 'cryptograph_graphql_resolver_duration_seconds',
    help: 'Duration of GraphQL resolvers that do work (the same measurement as their spans), by parent type, field and outcome (ok, error).',
    labelNames: ['type', 'field', 'outcome'],
    buckets: fastBuckets,
    registers,
  }),
  errors: new Counter({
    name: 'cryptograph_graphql_resolver_errors_total',
    help: 'GraphQL resolver errors by parent type, field and error code.',
    labelNames: ['type', 'field', 'code'],
    registers,
  }),
}));

/**
 * Records one resolver run of `service`: its duration in seconds and, when it failed, the error
 * code. Called by the resolver tracing middleware with the same start and end it gives the span.
 */
export function recordResolver(service: string, type: string, field: string, seconds: number, errorCode: string | null): void {
  const metrics = resolverMetrics(service);
  metrics.duration.observe({ type, field, outcome: errorCode ? 'error' : 'ok' }, seconds);
  if (errorCode) metrics.errors.inc({ type, field, code: errorCode });
}
