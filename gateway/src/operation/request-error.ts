import { GraphQLError } from 'graphql';

/** Codes of a document or request that cannot run; the error policy shows them as BAD_USER_INPUT with this `reason`. */
export type RequestErrorCode =
  'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' | 'OPERATION_RESOLUTION_FAILURE' | 'PERSISTED_QUERY_NOT_FOUND' | 'BAD_REQUEST';

/** The HTTP answer an error asks for, where the transport has one. */
export interface HttpHint {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A GraphQL error that stops an operation, with its code, any public extensions and its HTTP answer. */
export function operationError(message: string, code: string, http: HttpHint, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http } });
}

/** A document or request that cannot run (400 unless said otherwise). */
export function requestError(code: RequestErrorCode, message: string, http: HttpHint = { status: 400 }): GraphQLError {
  return operationError(message, code, http);
}

/** The HTTP answer carried by an error's `extensions.http`, if any. */
export function httpHintOf(error: GraphQLError): HttpHint | undefined {
  const http = error.extensions.http as { status?: unknown; headers?: unknown } | undefined;
  if (!http || typeof http.status !== 'number') return undefined;
  const headers = http.headers instanceof Map ? Object.fromEntries(http.headers) : (http.headers as Record<string, string> | undefined);
  return { status: http.status, ...(headers ? { headers } : {}) };
}
