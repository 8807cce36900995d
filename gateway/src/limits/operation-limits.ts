import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ParseOptions, ValidationContext, ValidationRule } from 'graphql';

/** The limits every operation must respect, on HTTP and WebSocket alike. */
export interface OperationLimitSettings {
  readonly GRAPHQL_MAX_DEPTH: number;
  readonly GRAPHQL_MAX_ALIASES: number;
  readonly GRAPHQL_MAX_TOKENS: number;
  readonly GRAPHQL_MAX_DIRECTIVES: number;
  readonly GRAPHQL_MAX_COST: number;
}

/** Parse options and validation rules enforcing depth, aliases, tokens, directives and cost. */
export interface OperationLimits {
  readonly parseOptions: ParseOptions;
  readonly validationRules: ValidationRule[];
}

/**
 * Builds the operation limits with graphql-armor's rules (depth, aliases, directives, cost) and
 * graphql-js's own token limit at parse time, so an oversized document is never fully parsed.
 */
export function operationLimits(settings: OperationLimitSettings): OperationLimits {
  // Report rejections as validation errors; throwing from a rule would escape validate().
  const shared = { exposeLimits: true, propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };
  return {
    parseOptions: { maxTokens: settings.GRAPHQL_MAX_TOKENS },
    validationRules: [
      maxDepthRule({ ...shared, n: settings.GRAPHQL_MAX_DEPTH, flattenFragments: true }),
      maxAliasesRule({ ...shared, n: settings.GRAPHQL_MAX_ALIASES }),
      maxDirectivesRule({ ...shared, n: settings.GRAPHQL_MAX_DIRECTIVES }),
      costLimitRule({ ...shared, maxCost: settings.GRAPHQL_MAX_COST, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5, flattenFragments: true }),
    ],
  };
}
