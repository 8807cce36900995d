import { ErrorCode } from '@cryptograph/core';
import type { GraphQLFormattedError } from 'graphql';
import { MessageType, parseMessage, stringifyMessage, type Message } from 'graphql-ws';
import type WebSocket from 'ws';
import type { GatewayContext } from '../context.js';
import { GatewayCloseCode } from './close-codes.js';
import type { OperationRunner } from './operation-runner.js';
import { SocketWriter, type SocketWriterOptions } from './socket-writer.js';

const frameEnd = Buffer.from('}');

/** A `next` message: the operation's prefix, the shared payload and the closing brace, in one buffer. */
function nextFrame(prefix: Buffer, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(prefix.length + payload.length + frameEnd.length);
  prefix.copy(frame, 0);
  payload.copy(frame, prefix.length);
  frameEnd.copy(frame, prefix.length + payload.length);
  return frame;
}

/** What one connection needs from the endpoint. */
export interface ConnectionOptions {
  /** Verifies the `connection_init` payload's credential; throws when it is not acceptable. */
  readonly authenticate: (connectionParams: Readonly<Record<string, unknown>> | undefined) => Promise<GatewayContext>;
  readonly run: OperationRunner;
  readonly initTimeoutMs: number;
  readonly writer: Omit<SocketWriterOptions, 'onTooSlow'>;
  /** Logs an error no message should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

/**
 * One graphql-transport-ws connection. The protocol is graphql-ws's (its message codec and close
 * codes are reused); the connection is our own so that a resolved event, serialized once for all
 * subscribers of a shared stream, is written with only its id spliced in, through a bounded,
 * conflating writer. `connection_init` authenticates once; the connection ends when the
 * credential expires.
 */
export class GraphqlWsConnection {
  readonly #writer: SocketWriter;
  readonly #operations = new Map<string, () => void>();
  #context: GatewayContext | undefined;
  #initReceived = false;
  #closing = false;
  #timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly options: ConnectionOptions,
  ) {
    this.#writer = new SocketWriter(socket, {
      ...options.writer,
      onTooSlow: () => this.close(GatewayCloseCode.TooSlow, 'Client too far behind; reconnect and resume'),
    });
    this.#timers.push(
      setTimeout(() => {
        if (!this.#context) this.close(GatewayCloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
      }, options.initTimeoutMs),
    );
    socket.on('message', (data, isBinary) => {
      // A connection being closed (e.g. too slow) reads no more: a flooding client costs no parsing.
      if (this.#closing) return;
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
    this.#closing = true;
    this.#dispose();
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close(code, reason);
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
        // Through the bounded writer: a client that pings without reading its pongs is closed as too slow (e2e/faults).
        return this.#writer.send(stringifyMessage({ type: MessageType.Pong, ...(message.payload ? { payload: message.payload } : {}) }));
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
    try {
      this.#context = await this.options.authenticate(payload);
    } catch {
      return this.close(GatewayCloseCode.Forbidden, 'Forbidden');
    }
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(stringifyMessage({ type: MessageType.ConnectionAck }));
    const expiresAt = this.#context.credentialExpiresAt;
    if (expiresAt !== null) this.#timers.push(setTimeout(() => this.#expire(), Math.max(0, Math.min(expiresAt - Date.now(), 2 ** 31 - 1))));
  }

  #expire(): void {
    const errors = [{ message: 'The access token expired; reconnect with a fresh token.', extensions: { code: ErrorCode.UNAUTHENTICATED } }];
    for (const id of this.#operations.keys()) this.socket.send(stringifyMessage({ id, type: MessageType.Error, payload: errors }));
    this.close(GatewayCloseCode.TokenExpired, 'Access token expired');
  }

  #subscribe(id: string, payload: Parameters<OperationRunner>[1]): void {
    const context = this.#context;
    if (!context) return this.close(GatewayCloseCode.Unauthorized, 'Unauthorized');
    if (this.#operations.has(id)) return this.close(GatewayCloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    const prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
    let done = false;
    const finish = () => {
      done = true;
      this.#operations.delete(id);
    };
    this.#operations.set(id, () => {
      done = true;
    });
    const stop = this.options.run(context, payload, {
      next: (result, conflationKey) => {
        if (!done) this.#writer.send(nextFrame(prefix, result), id, conflationKey);
      },
      error: (errors: readonly GraphQLFormattedError[]) => {
        if (done) return;
        finish();
        this.#writer.send(stringifyMessage({ id, type: MessageType.Error, payload: errors }));
      },
      complete: () => {
        if (done) return;
        finish();
        this.#writer.send(stringifyMessage({ id, type: MessageType.Complete }));
      },
    });
    if (done) return stop();
    this.#operations.set(id, () => {
      done = true;
      stop();
    });
  }

  #dispose(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
    for (const stop of this.#operations.values()) stop();
    this.#operations.clear();
    this.#writer.dispose();
  }
}
