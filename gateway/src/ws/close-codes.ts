import { CloseCode } from 'graphql-ws';

/**
 * Close codes the gateway's WebSocket endpoint uses: graphql-ws's protocol codes plus our own
 * for clients that cannot keep up and for expired credentials.
 */
export const GatewayCloseCode = {
  BadRequest: CloseCode.BadRequest,
  Unauthorized: CloseCode.Unauthorized,
  Forbidden: CloseCode.Forbidden,
  SubprotocolNotAcceptable: CloseCode.SubprotocolNotAcceptable,
  ConnectionInitialisationTimeout: CloseCode.ConnectionInitialisationTimeout,
  SubscriberAlreadyExists: CloseCode.SubscriberAlreadyExists,
  TooManyInitialisationRequests: CloseCode.TooManyInitialisationRequests,
  InternalServerError: CloseCode.InternalServerError,
  /** The access token expired; reconnect with a fresh one. */
  TokenExpired: 4419,
  /** The client fell too far behind the event stream; reconnect (and resume with `after`). */
  TooSlow: 4503,
  /** The server is shutting down. */
  GoingAway: 1001,
} as const;

/** One of the gateway's close codes. */
export type GatewayCloseCode = (typeof GatewayCloseCode)[keyof typeof GatewayCloseCode];
