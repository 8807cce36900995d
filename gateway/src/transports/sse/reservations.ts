import { ErrorCode } from '@cryptograph/core/base';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { ConnectionRefused, GatewayCloseCode } from '../../operation/connection-end.js';
import type { GatewayConnection } from '../../operation/gateway-connection.js';
import type { OperationRequest, TransportCapabilities } from '../../operation/operation.js';
import { isRequestError } from '../../operation/operation-outcome.js';
import { credentialsOfHeaders } from '../credentials-of-headers.js';
import { EventStream } from './event-stream.js';
import { openSseConnection } from './open-sse-connection.js';
import { answerJson, type OpenStreams, type SseOptions } from './sse-context.js';

/** One reserved event stream of the single connection mode, with its operations. */
interface Reservation {
  readonly connection: GatewayConnection;
  readonly stream: EventStream;
  /** Running operations by the client's operation id: how to stop each. */
  readonly operations: Map<string, () => void>;
  readonly timer: NodeJS.Timeout;
}

const error = (message: string, code: string = ErrorCode.BAD_USER_INPUT) => ({ errors: [{ message, extensions: { code } }] });

/**
 * graphql-sse's single connection mode. `PUT` reserves an event stream: the request's credential
 * is verified and the reservation is a connection of the core (per-address cap, expiry,
 * revocation); the answer is an unguessable token. `GET` with the token and `Accept:
 * text/event-stream` opens the stream (once; within the reservation timeout, else the reservation
 * is dropped). Requests with the token then run operations (`extensions.operationId` names each):
 * a refused operation gets its HTTP error at once (400, 401, 403, 429 with a JSON body), an
 * accepted one 202 and its events on the stream; `DELETE ?operationId=` stops one. Our extension:
 * `PATCH` with the token and a new `Authorization` refreshes the stream's credential (same user,
 * same or lower role) and answers `{ "expiresAt": "<ISO>" }`; a bad one ends the stream.
 */
export class Reservations {
  readonly #byToken = new Map<string, Reservation>();

  constructor(
    private readonly options: SseOptions,
    private readonly streams: OpenStreams,
  ) {}

  /** `PUT`: verifies the credential and reserves a stream; answers 201 with its token. */
  async reserve(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const accept = request.headers.accept ?? '*/*';
    if (!accept.includes('*/*') && !accept.includes('text/plain')) return answerJson(reply, 406, error('A reservation answers text/plain.'));
    let reservation: Reservation | undefined;
    const opened = await openSseConnection(request, reply, this.options, () => reservation?.stream.end());
    if ('refused' in opened) return opened.refused;
    const { connection } = opened;
    const token = randomBytes(32).toString('base64url');
    const stream = new EventStream({
      // Until its stream is opened a reservation holds no more than the high-water mark: graphql-sse's client opens the stream before it sends operations.
      writer: { ...this.options.writer, maxPendingUnreadyBytes: Math.min(this.options.writer.highWaterMarkBytes, this.options.writer.maxPendingBytes) },
      keepAliveMs: this.options.keepAliveMs,
      onTooSlow: () => connection.end({ code: GatewayCloseCode.TooSlow, reason: 'Client too far behind' }),
      onClosed: () => this.#drop(token),
    });
    const timer = setTimeout(() => {
      if (!stream.attached) connection.end({ code: GatewayCloseCode.ConnectionInitialisationTimeout, reason: 'The event stream was not opened in time' });
    }, this.options.reservationTimeoutMs);
    reservation = { connection, stream, operations: new Map(), timer };
    this.#byToken.set(token, reservation);
    this.streams.add(stream);
    return reply.code(201).type('text/plain; charset=utf-8').send(token);
  }

  /**
   * The reservation of `token`, when `request` may use it: a request that carries a credential must
   * carry one of the caller the stream was reserved for (the token alone, as EventSource sends it,
   * stands for that caller). Otherwise answers 404 (no such stream), 401 (a credential that does not
   * verify) or 403 (another caller's), and returns undefined: a token leaked to another user, or
   * handed on by a proxy that adds its own user's credential, never acts as the stream's owner.
   */
  async #reservationFor(token: string, request: FastifyRequest, reply: FastifyReply): Promise<Reservation | undefined> {
    const notFound = () => void answerJson(reply, 404, error('Stream not found.', ErrorCode.NOT_FOUND));
    const reservation = this.#byToken.get(token);
    if (!reservation) return notFound();
    const credentials = credentialsOfHeaders(request.headers, reservation.connection.clientAddress);
    if (!credentials.authorization && !credentials.apiKey) return reservation;
    let same: boolean;
    try {
      same = await reservation.connection.sameCaller(credentials);
    } catch (failure) {
      if (failure instanceof ConnectionRefused) return void answerJson(reply, failure.status, { errors: [failure.error] });
      // The stream ended (revoked, expired) while the credential was checked.
      if (reservation.connection.closed) return notFound();
      throw failure;
    }
    if (!same) return void answerJson(reply, 403, error('This stream was reserved with another credential.', ErrorCode.FORBIDDEN));
    return this.#byToken.get(token) ?? notFound();
  }

  /** `GET` with the token, asking for `text/event-stream`: opens the reserved stream. */
  async attach(token: string, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const reservation = await this.#reservationFor(token, request, reply);
    if (!reservation) return reply;
    if (reservation.stream.attached) return answerJson(reply, 409, error('Stream already open.', ErrorCode.CONFLICT));
    clearTimeout(reservation.timer);
    reply.hijack();
    reservation.stream.attach(reply.raw);
    return undefined;
  }

  /** A request with the token: runs one operation onto the stream. */
  async run(
    token: string,
    operationRequest: OperationRequest,
    capabilities: TransportCapabilities,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<unknown> {
    const reservation = await this.#reservationFor(token, request, reply);
    if (!reservation) return reply;
    const operationId = operationRequest.extensions?.operationId;
    if (typeof operationId !== 'string' || operationId === '')
      return answerJson(reply, 400, error('Operation ID is missing: send it as extensions.operationId.'));
    const { connection, stream, operations } = reservation;
    if (operations.has(operationId)) return answerJson(reply, 409, error('Operation with ID already exists.', ErrorCode.CONFLICT));
    let active = true;
    let stop: (() => void) | undefined;
    operations.set(operationId, () => {
      active = false;
      stop?.();
    });
    const finish = () => {
      active = false;
      operations.delete(operationId);
    };
    const outcome = await connection.execute(operationRequest, capabilities);
    if (!active || connection.closed) {
      finish();
      return reply.code(204).send();
    }
    if (outcome.kind === 'result') {
      finish();
      // A request error (no `data`) is answered over HTTP, always as an HTTP error (APQ's PersistedQueryNotFound says
      // 200 elsewhere: here 202 is success, so anything else must read as a refusal); an execution result goes on the
      // stream.
      if (isRequestError(outcome.result)) return answerJson(reply, outcome.status >= 400 ? outcome.status : 400, outcome.result);
      stream.nextResult(operationId, outcome.result);
      stream.complete(operationId);
      return reply.code(202).send();
    }
    stop = connection.stream(outcome, {
      next: (payload, conflationKey) => stream.nextPayload(operationId, payload, conflationKey),
      error: (errors) => {
        finish();
        stream.nextResult(operationId, { errors });
        stream.complete(operationId);
      },
      complete: () => {
        finish();
        stream.complete(operationId);
      },
    });
    return reply.code(202).send();
  }

  /** `DELETE ?operationId=` with the token: stops one operation (its `complete` event follows, as graphql-sse's own server sends it). */
  async stop(token: string, operationId: string | undefined, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const reservation = await this.#reservationFor(token, request, reply);
    if (!reservation) return reply;
    if (!operationId) return answerJson(reply, 400, error('Operation ID is missing.'));
    const stopOperation = reservation.operations.get(operationId);
    if (stopOperation) {
      reservation.operations.delete(operationId);
      stopOperation();
      reservation.stream.complete(operationId);
    }
    return reply.code(200).send();
  }

  /** `PATCH` with the token and a new `Authorization`: refreshes the stream's credential. */
  async refresh(token: string, request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const reservation = this.#byToken.get(token);
    if (!reservation) return answerJson(reply, 404, error('Stream not found.', ErrorCode.NOT_FOUND));
    const authorization = request.headers.authorization;
    if (!authorization) return answerJson(reply, 400, error('Send the new access token as Authorization: Bearer <token>.'));
    try {
      const context = await reservation.connection.refresh(authorization);
      return answerJson(reply, 200, { expiresAt: context.credentialExpiresAt === null ? null : new Date(context.credentialExpiresAt).toISOString() });
    } catch (failure) {
      if (!(failure instanceof ConnectionRefused)) throw failure;
      reservation.connection.end({ code: failure.code, reason: failure.reason, error: failure.error });
      return answerJson(reply, failure.status, { errors: [failure.error] });
    }
  }

  #drop(token: string): void {
    const reservation = this.#byToken.get(token);
    if (!reservation) return;
    this.#byToken.delete(token);
    this.streams.delete(reservation.stream);
    clearTimeout(reservation.timer);
    for (const stop of reservation.operations.values()) stop();
    reservation.operations.clear();
    reservation.connection.dispose();
  }
}
