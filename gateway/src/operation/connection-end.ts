import type { GraphQLFormattedError } from 'graphql';
import { CloseCode } from 'graphql-ws';

/**
 * Why a connection ends, as WebSocket close codes: graphql-ws's protocol codes plus our own for
 * expired credentials, clients that cannot keep up and too many connections. SSE streams end
 * for the same reasons (the code is logged; the client sees the stream end after an error event).
 */
export const GatewayCloseCode = {
  BadRequest: CloseCode.BadRequest,
  Unauthorized: CloseCode.Unauthorized,
  /** A credential that is not acceptable: refused at connection, revoked, or a bad refresh. */
  Forbidden: CloseCode.Forbidden,
  SubprotocolNotAcceptable: CloseCode.SubprotocolNotAcceptable,
  ConnectionInitialisationTimeout: CloseCode.ConnectionInitialisationTimeout,
  SubscriberAlreadyExists: CloseCode.SubscriberAlreadyExists,
  TooManyInitialisationRequests: CloseCode.TooManyInitialisationRequests,
  InternalServerError: CloseCode.InternalServerError,
  /** The access token expired without a refresh; reconnect with a fresh one. */
  TokenExpired: 4419,
  /** The client fell too far behind the event stream; reconnect (and resume with `after`). */
  TooSlow: 4503,
  /** Too many open connections from this address, or credentials that cannot be checked right now (RFC 6455 "Try Again Later"). */
  TooManyConnections: 1013,
  /** The server is shutting down. */
  GoingAway: 1001,
} as const;

/** One of the gateway's close codes. */
export type GatewayCloseCode = (typeof GatewayCloseCode)[keyof typeof GatewayCloseCode];

/** How the core ends a connection: the close code and reason, and the error its running operations receive. */
export interface ConnectionEnd {
  readonly code: GatewayCloseCode;
  readonly reason: string;
  /** Sent to every running operation before the connection closes; none for a silent end. */
  readonly error?: GraphQLFormattedError;
}

/** Thrown by the core or a plugin to refuse a connection (a bad credential, too many connections). */
export class ConnectionRefused extends Error {
  override name = 'ConnectionRefused';

  constructor(
    readonly code: GatewayCloseCode,
    /** Safe to show to the client. */
    readonly reason: string,
    /** The error a transport without close codes (HTTP, SSE) answers with. */
    readonly error: GraphQLFormattedError,
    /** The HTTP status a transport without close codes answers with. */
    readonly status: number,
  ) {
    super(reason);
  }
}
