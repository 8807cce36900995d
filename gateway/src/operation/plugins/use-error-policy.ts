import { ErrorCode, internalErrorMessage } from '@cryptograph/core/base';
import { GraphQLError, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { errorOutcome } from '../operation-outcome.js';
import { httpHintOf } from '../request-error.js';

/** Settings of the error policy. */
export interface ErrorPolicyOptions {
  /** Formats one error for clients (the gateway's policy: public codes and extensions only). */
  readonly formatError: (error: GraphQLFormattedError) => GraphQLFormattedError;
  /** Logs an error that is not a GraphQL error (a bug). */
  readonly onUnexpected: (error: unknown) => void;
}

/**
 * The error policy, applied to every operation: a GraphQL error thrown by a later plugin stops the
 * operation and is answered with its HTTP status and headers (`extensions.http`, 400 when none);
 * anything else is logged and answered as INTERNAL_SERVER_ERROR (500); the errors of every result
 * are formatted, so no stack, SQL or internal detail reaches a client on any transport.
 */
export function useErrorPolicy(options: ErrorPolicyOptions): GatewayPlugin {
  // A result shared by several operations (in-flight deduplication) is formatted once: each caller gets the same formatted result, serialized once.
  const formattedResults = new WeakMap<FormattedExecutionResult, FormattedExecutionResult>();
  const format = (result: FormattedExecutionResult): FormattedExecutionResult => {
    let formatted = formattedResults.get(result);
    if (!formatted) {
      formatted = { ...result, errors: result.errors!.map(options.formatError) };
      formattedResults.set(result, formatted);
    }
    return formatted;
  };
  return {
    name: 'error-policy',
    async onOperation(operation, next) {
      try {
        const outcome = await next();
        if (outcome.kind !== 'result' || !outcome.result.errors?.length) return outcome;
        return { ...outcome, result: format(outcome.result) };
      } catch (error) {
        if (!(error instanceof GraphQLError)) {
          options.onUnexpected(error);
          return errorOutcome([{ message: internalErrorMessage, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }], 500);
        }
        const http = httpHintOf(error);
        if (http?.headers) operation.responseHeaders = { ...operation.responseHeaders, ...http.headers };
        return errorOutcome([options.formatError(error.toJSON())], http?.status ?? 400);
      }
    },
  };
}
