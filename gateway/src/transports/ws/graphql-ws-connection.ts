import type { GraphQLFormattedError } from 'graphql';
import { MessageType, parseMessage, stringifyMessage, type Message, type SubscribePayload } from 'graphql-ws';
import type WebSocket from 'ws';
import type { Credentials } from '../../context.js';
import { ConnectionRefused, GatewayCloseCode, type ConnectionEnd } from '../../operation/connection-end.js';
import type { GatewayConnection } from '../../operation/gateway-connection.js';
import type { OperationCore } from '../../operation/operation-core.js';
import type { OperationKind, TransportCapabilities } from '../../operation/operation.js';
import { isRequestError } from '../../operation/operation-outcome.js';
import { BoundedWriter, webSocketChannel, type BoundedWriterOptions } from '../bounded-writer.js';

const frameEnd = Buffer.from('}');

/** Largest `ping` payload accepted (serialized); a bigger one closes the socket with 4400. */
export const maxPingPayloadBytes = 4 * 1024;

/** Everything runs over a socket: queries, mutations and subscriptions; results carry no HTTP metadata. */
const capabilities: TransportCapabilities = { accepts: new Set<OperationKind>(['query', 'mutation', 'subscription']), metadata: false };

/** A `next` message: the operation's prefix, the shared payload and the closing brace, in one buffer. */
function nextFrame(prefix: Buffer, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(prefix.length + payload.length + frameEnd.length);
  prefix.copy(frame, 0);
  payload.copy(frame, prefix.length);
  frameEnd.copy(frame, prefix.length + payload.length);
  return frame;
}

/**
 * Reads the credentials a client sent in `connection_init`: `authorization` (or `Authorization`)
 * and `apiKey`; null when one is there but is not a string (refused: a malformed credential is never
 * read as no credential, which would make the connection anonymous).
 */
export function credentialsOf(params: Readonly<Record<string, unknown>> | undefined, clientAddress: string): Credentials | null {
  const authorization = params?.authorization ?? params?.Authorization;
  const apiKey = params?.apiKey;
  const present = (value: unknown) => value !== undefined && value !== null;
  if ((present(authorization) && typeof authorization !== 'string') || (present(apiKey) && typeof apiKey !== 'string')) return null;
  return {
    authorization: typeof authorization === 'string' ? authorization : undefined,
    apiKey: typeof apiKey === 'string' ? apiKey : undefined,
    clientAddress,
  };
}

/** What one WebSocket connection needs from the endpoint. */
export interface GraphqlWsConnectionOptions {
  readonly core: OperationCore;
  readonly clientAddress: string;
  readonly initTimeoutMs: number;
  readonly writer: Omit<BoundedWriterOptions, 'onTooSlow'>;
  /** Logs an error no message should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

/**
 * The graphql-transport-ws adapter of the operation core: it only translates the protocol. Every
 * operation runs through the core's plugins; the credential of `connection_init` authenticates
 * the core's connection, and a `ping` with `{ "authorization": "Bearer <token>" }` refreshes it
 * (answered by a `pong` with `{ "expiresAt": "<ISO>" }`, or a 4403 close). graphql-ws's message
 * codec and close codes are reused; the connection is our own so that a resolved event,
 * serialized once for all subscribers of a shared stream, is written with only its id spliced in,
 * and so that everything written (results, pongs) goes through one bounded, conflating writer.
 */
export class GraphqlWsConnection {
  readonly #writer: BoundedWriter;
  readonly #connection: GatewayConnection;
  readonly #operations = new Map<string, () => void>();
  #initReceived = false;
  #acknowledged = false;
  #initTimer: NodeJS.Timeout | undefined;

  /** Opens the core's connection; throws ConnectionRefused when a plugin refuses it (the endpoint closes the socket). */
  constructor(
    private readonly socket: WebSocket,
    private readonly options: GraphqlWsConnectionOptions,
  ) {
    this.#connection = options.core.open({ transport: 'ws', clientAddress: options.clientAddress, persistent: true, onEnd: (end) => this.#closeSocket(end) });
    this.#writer = new BoundedWriter(webSocketChannel(socket), {
      ...options.writer,
      onTooSlow: () => this.#connection.end({ code: GatewayCloseCode.TooSlow, reason: 'Client too far behind; reconnect and resume' }),
    });
    this.#initTimer = setTimeout(() => {
      if (!this.#acknowledged) this.close(GatewayCloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }, options.initTimeoutMs);
    socket.on('message', (data, isBinary) => {
      // A connection being closed (e.g. too slow) reads no more: a flooding client costs no parsing.
      if (this.socket.readyState !== this.socket.OPEN) return;
      if (isBinary) return this.close(GatewayCloseCode.BadRequest, 'Binary messages are not supported');
      this.#receive(data.toString()).catch((error: unknown) => {
        options.onUnexpected(error);
        this.close(GatewayCloseCode.InternalServerError, 'Internal server error');
      });
    });
    socket.once('close', () => this.#dispose());
  }

  /** Ends every operation and closes the socket with `code` and `reason`. */
  close(code: number, reason: string): void {
    this.#dispose();
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason);
  }

  /** Ends the connection as the core does on shutdown (1001). */
  shutDown(): void {
    this.#connection.end({ code: GatewayCloseCode.GoingAway, reason: 'Server shutting down' });
  }

  async #receive(raw: string): Promise<void> {
    let message: Message;
    try {
      message = parseMessage(raw);
    } catch (error) {
      return this.close(GatewayCloseCode.BadRequest, error instanceof Error ? error.message.slice(0, 120) : 'Invalid message');
    }
    switch (message.type) {
      case MessageType.ConnectionInit:
        return this.#init(message.payload);
      case MessageType.Ping:
        return this.#ping(message.payload);
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        return this.#subscribe(message.id, message.payload);
      case MessageType.Complete:
        this.#operations.get(message.id)?.();
        this.#operations.delete(message.id);
        return;
      default:
        return this.close(GatewayCloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  }

  async #init(payload: Readonly<Record<string, unknown>> | undefined): Promise<void> {
    if (this.#initReceived) return this.close(GatewayCloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
    this.#initReceived = true;
    const credentials = credentialsOf(payload, this.options.clientAddress);
    if (!credentials) return this.close(GatewayCloseCode.Forbidden, 'Forbidden');
    try {
      await this.#connection.authenticate(credentials);
    } catch (error) {
      if (error instanceof ConnectionRefused) return this.close(error.code, error.reason);
      throw error;
    }
    if (this.socket.readyState !== this.socket.OPEN || this.#connection.closed) return;
    clearTimeout(this.#initTimer);
    this.#acknowledged = true;
    this.#writer.send(stringifyMessage({ type: MessageType.ConnectionAck }));
  }

  /** A ping: answered through the writer; with an `authorization`, a live credential refresh. */
  async #ping(payload: Readonly<Record<string, unknown>> | undefined): Promise<void> {
    if (payload !== undefined && Buffer.byteLength(JSON.stringify(payload)) > maxPingPayloadBytes) {
      return this.close(GatewayCloseCode.BadRequest, `Ping payload larger than ${maxPingPayloadBytes} bytes`);
    }
    const authorization = payload?.authorization ?? payload?.Authorization;
    if (authorization === undefined) {
      this.#writer.send(stringifyMessage({ type: MessageType.Pong, ...(payload ? { payload } : {}) }));
      return;
    }
    if (!this.#acknowledged) return this.close(GatewayCloseCode.Unauthorized, 'Unauthorized');
    if (typeof authorization !== 'string') return this.close(GatewayCloseCode.Forbidden, 'Forbidden');
    try {
      const context = await this.#connection.refresh(authorization);
      const expiresAt = context.credentialExpiresAt === null ? null : new Date(context.credentialExpiresAt).toISOString();
      this.#writer.send(stringifyMessage({ type: MessageType.Pong, payload: { expiresAt } }));
    } catch (error) {
      if (!(error instanceof ConnectionRefused)) throw error;
      this.#connection.end({ code: error.code, reason: error.reason, error: error.error });
    }
  }

  #subscribe(id: string, payload: SubscribePayload): void {
    if (!this.#acknowledged) return this.close(GatewayCloseCode.Unauthorized, 'Unauthorized');
    if (this.#operations.has(id)) return this.close(GatewayCloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    let active = true;
    let stopStream: (() => void) | undefined;
    const finish = () => {
      active = false;
      this.#operations.delete(id);
    };
    this.#operations.set(id, () => {
      active = false;
      stopStream?.();
    });
    const error = (errors: readonly GraphQLFormattedError[]) => {
      if (!active) return;
      finish();
      this.#writer.send(stringifyMessage({ id, type: MessageType.Error, payload: errors }));
    };
    const complete = () => {
      if (!active) return;
      finish();
      this.#writer.send(stringifyMessage({ id, type: MessageType.Complete }));
    };
    this.#connection
      .execute(payload, capabilities)
      .then((outcome) => {
        if (!active) return;
        if (outcome.kind === 'result') {
          if (isRequestError(outcome.result)) return error(outcome.result.errors ?? []);
          this.#writer.send(stringifyMessage({ id, type: MessageType.Next, payload: outcome.result }));
          return complete();
        }
        const prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
        stopStream = this.#connection.stream(outcome, {
          next: (result, conflationKey) => {
            if (active) this.#writer.send(nextFrame(prefix, result), id, conflationKey);
          },
          error,
          complete,
        });
      })
      .catch((failure: unknown) => {
        this.options.onUnexpected(failure);
        error([{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      });
  }

  /** The core ended the connection (expiry, revocation, too slow, shutdown): its streams got their error; close the socket. */
  #closeSocket(end: ConnectionEnd): void {
    this.close(end.code, end.reason);
  }

  #dispose(): void {
    clearTimeout(this.#initTimer);
    for (const stop of this.#operations.values()) stop();
    this.#operations.clear();
    this.#writer.dispose();
    this.#connection.dispose();
  }
}
