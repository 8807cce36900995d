import { clientErrorCodes, ErrorCode, internalErrorMessage } from '@cryptograph/core/base';
import type { GraphQLFormattedError } from 'graphql';

/** Apollo's codes for a document that cannot be run; clients see them as BAD_USER_INPUT. */
const requestErrorCodes: ReadonlySet<string> = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Extension keys a client may see besides `code`. */
const publicExtensionKeys = ['field', 'rule', 'retryAfter', 'serviceName', 'cost', 'limit'] as const;

function pickPublicExtensions(extensions: Record<string, unknown>): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of publicExtensionKeys) if (extensions[key] !== undefined) picked[key] = extensions[key];
  return picked;
}

/**
 * The gateway's error policy. Client errors (ours or a subgraph's) keep their message and code;
 * documents that cannot run become BAD_USER_INPUT; any other subgraph error becomes
 * DOWNSTREAM_SERVICE_ERROR naming the subgraph; anything else INTERNAL_SERVER_ERROR. Only
 * whitelisted extensions pass, so no stack, SQL or internal detail reaches a client.
 */
export function formatGatewayError(formatted: GraphQLFormattedError, onUnexpected: (error: GraphQLFormattedError) => void): GraphQLFormattedError {
  const extensions = (formatted.extensions ?? {}) as Record<string, unknown>;
  const code = typeof extensions.code === 'string' ? extensions.code : undefined;
  const serviceName = typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
  const base = { locations: formatted.locations, path: formatted.path };
  if (code && clientErrorCodes.has(code)) {
    return { ...base, message: formatted.message, extensions: { ...pickPublicExtensions(extensions), code } };
  }
  if (code && requestErrorCodes.has(code) && !serviceName) {
    return { ...base, message: formatted.message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code } };
  }
  onUnexpected(formatted);
  if (serviceName) {
    return {
      ...base,
      message: `The ${serviceName} service failed to answer this request.`,
      extensions: { code: ErrorCode.DOWNSTREAM_SERVICE_ERROR, serviceName },
    };
  }
  return { ...base, message: internalErrorMessage, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
