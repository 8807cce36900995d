import { ErrorCode } from '@cryptograph/core/base';
import { boundedLabel, metricsPerService, requestBuckets } from '@cryptograph/otel';
import { Counter, Histogram } from 'prom-client';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { operationTypeOf } from '../operation.js';

/** Options of the operation metrics; every one has a default. */
export interface OperationMetricsOptions {
  /** Registry owner (default `gateway`). */
  readonly service?: string;
  /** Distinct operation names kept as label values before the rest count as `other` (default 100). */
  readonly maxOperationNames?: number;
}

/** The public codes clients see; anything else counts as INTERNAL_SERVER_ERROR. */
const knownCodes: ReadonlySet<string> = new Set(Object.values(ErrorCode));

type Labels = 'operation' | 'type' | 'transport';
interface OperationMetrics {
  operations: Counter<Labels | 'outcome'>;
  duration: Histogram<Labels>;
  errors: Counter<'operation' | 'transport' | 'code'>;
}

/** The operation metrics of one service, created once in its registry. */
const operationMetrics = metricsPerService((registers): OperationMetrics => ({
  operations: new Counter({
    name: 'cryptograph_graphql_operations_total',
    help: 'GraphQL operations by operation name (bounded), type, transport and outcome (ok, error).',
    labelNames: ['operation', 'type', 'transport', 'outcome'],
    registers,
  }),
  duration: new Histogram({
    name: 'cryptograph_graphql_operation_duration_seconds',
    help: 'GraphQL operation latency (subscriptions: until the stream starts) by operation name (bounded), type and transport.',
    labelNames: ['operation', 'type', 'transport'],
    buckets: requestBuckets,
    registers,
  }),
  errors: new Counter({
    name: 'cryptograph_graphql_errors_total',
    help: 'Errors in GraphQL answers by operation name (bounded), transport and extensions.code.',
    labelNames: ['operation', 'transport', 'code'],
    registers,
  }),
}));

/**
 * Counts every operation of every transport, its latency and the errors it is answered with, by
 * operation name, type and transport. Operation names are chosen by clients: only the first
 * `maxOperationNames` distinct ones become label values, later ones are `other` (anonymous:
 * `anonymous`; before the operation is resolved: `unknown`). Codes are a fixed set. First in the
 * list, so it sees the answer the client gets.
 */
export function useOperationMetrics(options: OperationMetricsOptions = {}): GatewayPlugin {
  const counters = operationMetrics(options.service ?? 'gateway');
  const operationLabel = boundedLabel(options.maxOperationNames ?? 100);
  return {
    name: 'operation-metrics',
    async onOperation(operation, next) {
      const started = performance.now();
      const outcome = await next();
      const labels = {
        operation: operation.definition ? operationLabel(operation.definition.name?.value ?? null) : 'unknown',
        type: operationTypeOf(operation),
        transport: operation.connection.transport,
      };
      const errors = outcome.kind === 'result' ? (outcome.result.errors ?? []) : [];
      for (const error of errors) {
        const code = error.extensions?.code;
        counters.errors.inc({
          operation: labels.operation,
          transport: labels.transport,
          code: typeof code === 'string' && knownCodes.has(code) ? code : ErrorCode.INTERNAL_SERVER_ERROR,
        });
      }
      counters.operations.inc({ ...labels, outcome: errors.length > 0 ? 'error' : 'ok' });
      counters.duration.observe(labels, (performance.now() - started) / 1000);
      return outcome;
    },
  };
}
