import type { FastifyReply } from 'fastify';
import type { FormattedExecutionResult } from 'graphql';
import type { IncomingMessage } from 'node:http';
import type { OperationCore } from '../../operation/operation-core.js';
import type { OperationKind, TransportCapabilities } from '../../operation/operation.js';
import type { BoundedWriterOptions } from '../bounded-writer.js';
import type { EventStream } from './event-stream.js';

/** What both modes of the SSE transport need. */
export interface SseOptions {
  readonly core: OperationCore;
  readonly writer: Omit<BoundedWriterOptions, 'onTooSlow'>;
  /** Interval of keep-alive comments on open streams. */
  readonly keepAliveMs: number;
  /** How long a reservation waits for its event stream before it is dropped. */
  readonly reservationTimeoutMs: number;
  /** Resolves the client's address from a request (honours TRUST_PROXY; an IPv6 client is its network). */
  readonly clientAddress: (request: IncomingMessage) => string;
  /** Logs an error nothing should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

/** The event streams open on this gateway, for the connection count and shutdown. */
export type OpenStreams = Set<EventStream>;

/** Operation types an SSE request may run; results carry no HTTP metadata (they travel as events). */
export const sseCapabilities: TransportCapabilities = { accepts: new Set<OperationKind>(['query', 'mutation', 'subscription']), metadata: false };
/** A GET runs no mutations (GraphQL over HTTP). */
export const sseGetCapabilities: TransportCapabilities = { accepts: new Set<OperationKind>(['query', 'subscription']), metadata: false };

/** Answers a plain (non-stream) HTTP response with a JSON body. */
export function answerJson(reply: FastifyReply, status: number, body: FormattedExecutionResult | Record<string, unknown>): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(body));
}
