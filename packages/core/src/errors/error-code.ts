/** Every `extensions.code` a client can receive (documented for clients in docs/api.md, "Error codes"). */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  DOWNSTREAM_SERVICE_ERROR: 'DOWNSTREAM_SERVICE_ERROR',
} as const;

/** One of the public error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that describe the client's request and may pass through the gateway as they are. */
export const clientErrorCodes: ReadonlySet<string> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.RATE_LIMITED,
]);
