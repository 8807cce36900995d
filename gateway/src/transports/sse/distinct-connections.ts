import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayCloseCode } from '../../operation/connection-end.js';
import type { OperationRequest, TransportCapabilities } from '../../operation/operation.js';
import { EventStream } from './event-stream.js';
import { openSseConnection } from './open-sse-connection.js';
import type { OpenStreams, SseOptions } from './sse-context.js';

/**
 * graphql-sse's distinct connections mode: one request (POST, or GET for queries and
 * subscriptions) asking for `text/event-stream` carries one operation, and its response is that
 * operation's event stream. The request is a connection of the core: it counts against the
 * per-address cap, its credential (headers) is verified first (a refusal is a plain HTTP 401, 403
 * or 429 with a JSON body), and it ends on expiry or revocation. Everything the operation answers,
 * refusals included, arrives as `next` events followed by `complete`; closing the response stops
 * the operation.
 */
export async function runDistinctStream(
  request: FastifyRequest,
  reply: FastifyReply,
  operationRequest: OperationRequest,
  capabilities: TransportCapabilities,
  options: SseOptions,
  streams: OpenStreams,
): Promise<unknown> {
  let stream: EventStream | undefined;
  const opened = await openSseConnection(request, reply, options, () => stream?.end());
  if ('refused' in opened) return opened.refused;
  const { connection } = opened;
  const events = new EventStream({
    writer: options.writer,
    keepAliveMs: options.keepAliveMs,
    onTooSlow: () => connection.end({ code: GatewayCloseCode.TooSlow, reason: 'Client too far behind' }),
    onClosed: () => {
      streams.delete(events);
      connection.dispose();
    },
  });
  stream = events;
  streams.add(events);
  reply.hijack();
  events.attach(reply.raw);

  const outcome = await connection.execute(operationRequest, capabilities);
  if (connection.closed) return undefined;
  if (outcome.kind === 'result') {
    events.nextResult(null, outcome.result);
    events.complete(null);
    events.end();
    return undefined;
  }
  connection.stream(outcome, {
    next: (payload, conflationKey) => events.nextPayload(null, payload, conflationKey),
    error: (errors) => {
      events.nextResult(null, { errors });
      events.complete(null);
      events.end();
    },
    complete: () => {
      events.complete(null);
      events.end();
    },
  });
  return undefined;
}
