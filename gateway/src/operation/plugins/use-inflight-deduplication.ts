import { trace, TraceFlags, type Span, type SpanContext } from '@opentelemetry/api';
import { serviceRegistry } from '@cryptograph/otel';
import { Counter } from 'prom-client';
import type { GatewayPlugin } from '../gateway-plugin.js';
import type { OperationOutcome } from '../operation-outcome.js';
import { sharingKeyOf } from '../sharing-key.js';

/** Set on the span of an operation answered by another identical operation's execution (linked to it when that one is sampled). */
export const sharedOperationAttribute = 'cryptograph.operation.shared';

/** In-flight deduplication, and how to keep later operations from joining an execution that may have read stale data. */
export interface InflightDeduplication extends GatewayPlugin {
  /** Later operations with this sharing key start their own execution instead of joining the one in flight. */
  release(key: string): void;
  /** Later operations start their own executions instead of joining any in flight now. */
  releaseAll(): void;
  /** Executions in flight that operations may join. */
  inFlight(): number;
}

interface Execution {
  readonly outcome: Promise<OperationOutcome>;
  /** The span of the operation that runs the execution, when it is sampled (its trace holds the execution). */
  readonly leader: SpanContext | undefined;
}

let shared: Counter<'type'> | undefined;

function sampledSpan(): Span | undefined {
  const span = trace.getActiveSpan();
  return span && (span.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? span : undefined;
}

/**
 * Inbound in-flight deduplication: a query identical to one being executed right now (same
 * document, operation, variables and sharing scope; see `sharingKeyOf`) does not execute again but
 * gets that execution's outcome: the same result object, so it is serialized once for every caller
 * (`serialized-result.ts`). Placed right
 * before execution, so every caller has passed every policy on its own: it was counted, authorized,
 * costed and charged to its own budgets, and its metrics and trace are its own (its span says it
 * was shared and links to the span of the operation that executed). Mutations and subscriptions
 * always run on their own. An execution that failed unexpectedly fails each of its callers alike.
 */
export function useInflightDeduplication(): InflightDeduplication {
  const executions = new Map<string, Execution>();
  shared ??= new Counter({
    name: 'cryptograph_graphql_deduplicated_operations_total',
    help: 'Operations answered by an identical operation executing at the same time (in-flight deduplication), by operation type.',
    labelNames: ['type'],
    registers: [serviceRegistry('gateway')],
  });
  const counter = shared;
  return {
    name: 'inflight-deduplication',
    release: (key) => void executions.delete(key),
    releaseAll: () => executions.clear(),
    inFlight: () => executions.size,
    onOperation(operation, next) {
      if (operation.definition?.operation !== 'query') return next();
      const key = sharingKeyOf(operation);
      const running = executions.get(key);
      if (running) {
        counter.inc({ type: 'query' });
        const span = sampledSpan();
        if (span) {
          span.setAttribute(sharedOperationAttribute, true);
          if (running.leader) span.addLink({ context: running.leader });
        }
        return running.outcome;
      }
      const outcome = next();
      const execution: Execution = { outcome, leader: sampledSpan()?.spanContext() };
      executions.set(key, execution);
      const settled = () => {
        if (executions.get(key) === execution) executions.delete(key);
      };
      outcome.then(settled, settled);
      return outcome;
    },
  };
}
