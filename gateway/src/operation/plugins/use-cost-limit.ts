import { ErrorCode } from '@cryptograph/core/base';
import type { GraphQLSchema } from 'graphql';
import { operationCost, type CostWeights } from '../../limits/operation-cost.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { operationError } from '../request-error.js';

/** Settings of the cost limit. */
export interface CostLimitOptions {
  /** The API schema. */
  readonly schema: GraphQLSchema;
  /** Largest cost of one operation (GRAPHQL_MAX_OPERATION_COST, alias GRAPHQL_MAX_COST). */
  readonly maxOperationCost: number;
  /** Weights of the analysis (documented defaults in `operationCost`). */
  readonly weights?: CostWeights;
}

/**
 * The gateway's one cost mechanism: computes each operation's argument-aware cost (lists weighted
 * by `first` / `maxPoints` with the request's variables, nested lists multiplied) and refuses one
 * over the largest cost with BAD_USER_INPUT, `extensions.cost` and `extensions.limit`, before any
 * budget is charged. The cost is left on the operation for the budgets (and, for subscriptions,
 * the cost of every event).
 */
export function useCostLimit(options: CostLimitOptions): GatewayPlugin {
  const { maxOperationCost } = options;
  return {
    name: 'cost-limit',
    async onOperation(operation, next) {
      const cost = operationCost(options.schema, operation.document!, operation.definition!.name?.value, operation.variables, options.weights);
      if (cost > maxOperationCost) {
        throw operationError(
          `This operation costs ${cost}, more than the limit of ${maxOperationCost}; ask for fewer items (first, maxPoints).`,
          ErrorCode.BAD_USER_INPUT,
          { status: 400 },
          { cost, limit: maxOperationCost },
        );
      }
      operation.cost = cost;
      return next();
    },
  };
}
