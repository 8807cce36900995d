import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, GraphQLSchema, ValidationContext } from 'graphql';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { errorOutcome } from '../operation-outcome.js';
import { validationVerdicts } from './validation-verdicts.js';

/** The shape limits of a document (the token limit is the parser's). */
export interface OperationLimitsOptions {
  /** The API schema. */
  readonly schema: GraphQLSchema;
  /** GRAPHQL_MAX_DEPTH: deepest field nesting, fragments included. */
  readonly maxDepth: number;
  /** GRAPHQL_MAX_ALIASES: most aliases in one document. */
  readonly maxAliases: number;
  /** GRAPHQL_MAX_DIRECTIVES: most directives in one document. */
  readonly maxDirectives: number;
}

/**
 * Refuses documents deeper, with more aliases or more directives than allowed, with graphql-armor's
 * rules (BAD_USER_INPUT naming the limit). It runs before the full validation, so an alias or
 * field bomb never reaches graphql-js's quadratic overlap check; the verdict is cached per parsed
 * document.
 */
export function useOperationLimits(options: OperationLimitsOptions): GatewayPlugin {
  // Report rejections as validation errors; throwing from a rule would escape validate().
  const shared = {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
  };
  const rules = [
    maxDepthRule({ ...shared, n: options.maxDepth, flattenFragments: true }),
    maxAliasesRule({ ...shared, n: options.maxAliases }),
    maxDirectivesRule({ ...shared, n: options.maxDirectives }),
  ];
  const verdictOf = validationVerdicts(options.schema, rules, (errors) => errors);
  return {
    name: 'operation-limits',
    async onOperation(operation, next) {
      const document = operation.document!;
      const errors = verdictOf(document);
      if (errors.length > 0)
        return errorOutcome(
          errors.map((error) => ({ ...error.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })),
          400,
        );
      return next();
    },
  };
}
