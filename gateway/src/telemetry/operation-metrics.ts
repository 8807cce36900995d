import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@cryptograph/core';
import { boundedLabel, requestBuckets, serviceRegistry } from '@cryptograph/otel';
import { Counter, Histogram } from 'prom-client';

/** Options of the operation metrics; every one has a default. */
export interface OperationMetricsOptions {
  /** Registry owner (default `gateway`). */
  readonly service?: string;
  /** Distinct operation names kept as label values before the rest count as `other` (default 100). */
  readonly maxOperationNames?: number;
}

/** Codes the gateway reports besides ours (Apollo's request errors); anything else counts as INTERNAL_SERVER_ERROR. */
const apolloCodes = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST'];
const knownCodes: ReadonlySet<string> = new Set([...Object.values(ErrorCode), ...apolloCodes]);

let metrics: { operations: Counter<'operation' | 'type' | 'outcome'>; duration: Histogram<'operation' | 'type'>; errors: Counter<'operation' | 'code'> } | undefined;

function operationMetrics(service: string) {
  if (!metrics) {
    const registers = [serviceRegistry(service)];
    metrics = {
      operations: new Counter({ name: 'cryptograph_graphql_operations_total', help: 'GraphQL operations by operation name (bounded), type and outcome (ok, error).', labelNames: ['operation', 'type', 'outcome'], registers }),
      duration: new Histogram({ name: 'cryptograph_graphql_operation_duration_seconds', help: 'GraphQL operation latency by operation name (bounded) and type.', labelNames: ['operation', 'type'], buckets: requestBuckets, registers }),
      errors: new Counter({ name: 'cryptograph_graphql_errors_total', help: 'Errors in GraphQL responses by operation name (bounded) and extensions.code.', labelNames: ['operation', 'code'], registers }),
    };
  }
  return metrics;
}

/**
 * Apollo Server plugin counting operations (HTTP and WebSocket queries and mutations), their
 * latency and the errors they answer with, by operation name. Operation names are chosen by
 * clients: only the first `maxOperationNames` distinct ones become label values, later ones are
 * `other` (anonymous: `anonymous`; before parsing succeeds: `unknown`). Codes are a fixed set.
 */
export function useOperationMetrics<C extends object>(options: OperationMetricsOptions = {}): ApolloServerPlugin<C> {
  const counters = operationMetrics(options.service ?? 'gateway');
  const operationLabel = boundedLabel(options.maxOperationNames ?? 100);
  return {
    async requestDidStart() {
      const started = performance.now();
      let operation = 'unknown';
      let type = 'unknown';
      return {
        async didResolveOperation(requestContext) {
          operation = operationLabel(requestContext.operationName);
          type = requestContext.operation?.operation ?? 'unknown';
        },
        async willSendResponse(requestContext) {
          const body = requestContext.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : (requestContext.errors ?? []);
          for (const error of errors) {
            const code = error.extensions?.code;
            counters.errors.inc({ operation, code: typeof code === 'string' && knownCodes.has(code) ? code : ErrorCode.INTERNAL_SERVER_ERROR });
          }
          counters.operations.inc({ operation, type, outcome: errors.length > 0 ? 'error' : 'ok' });
          counters.duration.observe({ operation, type }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
