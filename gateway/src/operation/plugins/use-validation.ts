import { ErrorCode } from '@cryptograph/core/base';
import {
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  type GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import type { OperationKind } from '../operation.js';
import { errorOutcome } from '../operation-outcome.js';
import { operationError, requestError } from '../request-error.js';
import { withoutSuggestions } from './mask-suggestions.js';
import { validationVerdicts } from './validation-verdicts.js';

/** Settings of validation. */
export interface ValidationOptions {
  /** The API schema clients see. */
  readonly schema: GraphQLSchema;
  /** Whether `__schema` and `__type` may be queried (off in production unless GRAPHQL_INTROSPECTION=true). */
  readonly introspection: boolean;
  /** Where subscriptions are served, for the answer to one sent where streams are not. */
  readonly subscriptionEndpoints: string;
}

function formatted(error: GraphQLError, code: string, extensions: Record<string, unknown> = {}): GraphQLFormattedError {
  const { message, locations } = error.toJSON();
  return { message: withoutSuggestions(message), ...(locations ? { locations } : {}), extensions: { ...extensions, code } };
}

/** The variable a coercion error is about, from graphql-js's message. */
function variableOf(error: GraphQLError): string | undefined {
  return /^Variable "\$(\w+)"/.exec(error.message)?.[1];
}

/**
 * Validates the document against the API schema with graphql-js's rules (plus the introspection
 * rule when introspection is off), with every "Did you mean …?" suggestion removed on every
 * transport; resolves the operation to run; refuses operation types the transport cannot carry
 * (a mutation over HTTP GET: 405; a subscription over plain HTTP); coerces the variables to their
 * declared types (BAD_USER_INPUT naming the variable). Verdicts are cached per parsed document.
 */
export function useValidation(options: ValidationOptions): GatewayPlugin {
  const rules = options.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  const verdictOf = validationVerdicts(options.schema, rules, (errors) => errors.map((error) => formatted(error, 'GRAPHQL_VALIDATION_FAILED')));
  const refuseType = (type: OperationTypeNode) =>
    type === 'subscription'
      ? operationError(`Subscriptions are served as streams: ${options.subscriptionEndpoints}.`, ErrorCode.BAD_USER_INPUT, { status: 400 })
      : requestError('BAD_REQUEST', `GET requests only support query operations, not ${type} operations.`, { status: 405, headers: { allow: 'POST' } });

  return {
    name: 'validation',
    async onOperation(operation, next) {
      const document = operation.document!;
      const errors = verdictOf(document);
      if (errors.length > 0) return errorOutcome(errors, 400);

      const { operationName, variables } = operation.request;
      const definition = getOperationAST(document, operationName ?? undefined);
      if (!definition) {
        throw requestError(
          'OPERATION_RESOLUTION_FAILURE',
          operationName ? `Unknown operation named "${operationName}".` : 'Must provide operation name if query contains multiple operations.',
        );
      }
      if (!operation.capabilities.accepts.has(definition.operation as OperationKind)) throw refuseType(definition.operation);
      operation.definition = definition;

      const coerced = getVariableValues(options.schema, definition.variableDefinitions ?? [], (variables ?? {}) as Record<string, unknown>, { maxErrors: 10 });
      if (coerced.errors) {
        return errorOutcome(
          coerced.errors.map((error) => {
            const variable = variableOf(error);
            return formatted(error, ErrorCode.BAD_USER_INPUT, variable ? { field: variable } : {});
          }),
          400,
        );
      }
      operation.variables = coerced.coerced;
      return next();
    },
  };
}
