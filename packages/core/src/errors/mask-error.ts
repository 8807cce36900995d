import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isAppError } from './app-error.js';
import { ErrorCode } from './error-code.js';

/** Message sent to clients in place of any unexpected error. */
export const internalErrorMessage = 'Internal server error.';

/** Finds the innermost error that caused a GraphQL error (whatever graphql copy wrapped it). */
function rootCause(error: GraphQLError): unknown {
  let current: unknown = error;
  for (let depth = 0; depth < 10; depth += 1) {
    const inner = (current as { originalError?: unknown } | null)?.originalError;
    if (!inner || inner === current || isAppError(current)) break;
    current = inner;
  }
  return current;
}

/**
 * Formats an error for a client: AppErrors and GraphQL parse/validation errors keep their
 * message; variable values that do not coerce are BAD_USER_INPUT (`field`: the variable);
 * anything else (a bug, a database error) becomes INTERNAL_SERVER_ERROR with a generic message,
 * and is reported to `onUnexpected` for logging. Never leaks stacks or SQL.
 */
export function maskError(error: GraphQLError, onUnexpected: (cause: unknown) => void): GraphQLFormattedError {
  const cause = rootCause(error);
  const formatted = error.toJSON();
  if (isAppError(cause)) {
    return { ...formatted, message: cause.message, extensions: { ...cause.extensions } };
  }
  if (error.originalError && cause instanceof GraphQLError && !error.path) {
    // graphql-js' own request errors, e.g. a variable value that does not coerce to its type.
    const variable = /^Variable "\$(\w+)"/.exec(error.message)?.[1];
    return {
      message: error.message,
      locations: error.locations,
      extensions: { code: ErrorCode.BAD_USER_INPUT, ...(variable ? { field: variable } : {}) },
    } as GraphQLFormattedError;
  }
  if (!error.originalError) {
    const code = (error.extensions?.code as string | undefined) ?? 'GRAPHQL_VALIDATION_FAILED';
    return { message: error.message, locations: error.locations, extensions: { code } } as GraphQLFormattedError;
  }
  onUnexpected(cause);
  return { message: internalErrorMessage, path: error.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
