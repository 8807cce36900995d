import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { ExecutionResult } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { SubscriptionPlan, SubscriptionPlanner } from './subscription-planner.js';

/** The variables and caller one shared subscription runs with. */
export interface EventExecutionInput {
  readonly plan: SubscriptionPlan;
  readonly variables: Record<string, unknown>;
  readonly context: GatewayContext;
}

/**
 * Resolves one subscription event across the federation: the per-event plan's primary fetch is
 * answered by the event the owning subgraph pushed, the rest (entity fetches into other subgraphs)
 * runs through the gateway's own data sources, and Apollo's executor shapes the result exactly as
 * the client's selection asks.
 */
export function createEventExecutor(planner: SubscriptionPlanner, dataSources: () => Readonly<Record<string, GraphQLDataSource<GatewayContext>>>) {
  return async (input: EventExecutionInput, eventData: Record<string, unknown>): Promise<ExecutionResult> => {
    const { plan, variables, context } = input;
    const fromEvent: GraphQLDataSource = { process: async () => ({ data: eventData }) };
    const serviceMap: ServiceMap = { ...dataSources(), [plan.primary.serviceName]: fromEvent } as ServiceMap;
    const requestContext = {
      request: { query: undefined, variables, operationName: plan.operationContext.operation.name?.value },
      operation: plan.operationContext.operation,
      operationName: plan.operationContext.operation.name?.value ?? null,
      document: undefined,
      context,
      metrics: {},
      logger: undefined,
      cache: undefined,
      overallCachePolicy: undefined,
    } as unknown as GatewayGraphQLRequestContext<GatewayContext>;
    const result = await executeQueryPlan(plan.perEvent, serviceMap, requestContext as never, plan.operationContext, planner.supergraphSchema, planner.federationApiSchema);
    return { data: result.data ?? null, ...(result.errors?.length ? { errors: result.errors } : {}) } as ExecutionResult;
  };
}
