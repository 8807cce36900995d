import type { CombinedError } from '@urql/core';

/** The server's own message for a failed operation (first GraphQL error), else the network failure. */
export function errorMessage(error: CombinedError | Error | null | undefined): string | null {
  if (!error) return null;
  if ('graphQLErrors' in error && error.graphQLErrors.length > 0) return error.graphQLErrors.map((item) => item.message).join('; ');
  if ('networkError' in error && error.networkError) return `Cannot reach the server: ${error.networkError.message}`;
  return error.message;
}

/** The `extensions.code` of the first GraphQL error, if any. */
export function errorCode(error: CombinedError | null | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}
