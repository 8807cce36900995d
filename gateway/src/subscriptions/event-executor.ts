import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../context.js';
import { executeQueryPlan } from '../execution/apollo-query-plan-execution.js';
import type { SubscriptionPlan, SubscriptionPlanner } from './subscription-planner.js';

/** The variables and caller one shared subscription runs with. */
export interface EventExecutionInput {
  readonly plan: SubscriptionPlan;
  readonly variables: Record<string, unknown>;
  readonly context: GatewayContext;
}

const tracer = trace.getTracer('@cryptograph/gateway/subscriptions');

/**
 * Resolves one subscription event across the federation: the per-event plan's primary fetch is
 * answered by the event the owning subgraph pushed, the rest (entity fetches into other subgraphs)
 * runs through the gateway's own data sources, and Apollo's executor shapes the result exactly as
 * the client's selection asks. Each execution is an entry span (CONSUMER: the gateway consumes the
 * subgraph's event), so the sampler may trace it with its plan and subgraph fetches.
 */
export function createEventExecutor(planner: SubscriptionPlanner, dataSources: () => Readonly<Record<string, GraphQLDataSource<GatewayContext>>>) {
  return async (input: EventExecutionInput, eventData: Record<string, unknown>): Promise<ExecutionResult> => {
    const { plan, variables, context } = input;
    const fromEvent: GraphQLDataSource = { process: async () => ({ data: eventData }) };
    const serviceMap: ServiceMap = { ...dataSources(), [plan.primary.serviceName]: fromEvent } as ServiceMap;
    const operationName = plan.operationContext.operation.name?.value;
    const requestContext = {
      request: { query: undefined, variables, operationName },
      operation: plan.operationContext.operation,
      operationName: operationName ?? null,
      document: undefined,
      context,
      metrics: {},
      logger: undefined,
      cache: undefined,
      overallCachePolicy: undefined,
    } as unknown as GatewayGraphQLRequestContext<GatewayContext>;
    const attributes = {
      'graphql.operation.type': 'subscription',
      'graphql.operation.name': operationName ?? '',
      'cryptograph.subgraph': plan.primary.serviceName,
    };
    // An entry span: started from the root context (see SampledWorkContextManager in @cryptograph/otel).
    return tracer.startActiveSpan('subscription event', { kind: SpanKind.CONSUMER, attributes }, ROOT_CONTEXT, async (span) => {
      try {
        const result = await executeQueryPlan(
          plan.perEvent,
          serviceMap,
          requestContext as never,
          plan.operationContext,
          planner.supergraphSchema,
          planner.federationApiSchema,
        );
        if (result.errors?.length) span.setStatus({ code: SpanStatusCode.ERROR });
        return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors } : {}) } as ExecutionResult;
      } finally {
        span.end();
      }
    });
  };
}
