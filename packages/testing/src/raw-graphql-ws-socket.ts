import WebSocket from 'ws';
import { webSocketWithHeaders } from './graphql-ws-client.js';

/**
 * The one raw graphql-transport-ws socket of the test suites, for tests of the protocol itself (the handshake, pings,
 * malformed frames, close codes): everything else connects with `graphqlWsClient`.
 */

/** One message the server sent, as decoded from its JSON frame. */
export interface RawGraphqlWsMessage {
  readonly id?: string;
  readonly type: string;
  readonly payload?: any;
}

/** How a raw socket closed: its close code and reason, and when (ms since the epoch). */
export interface RawSocketClose {
  readonly code: number;
  readonly reason: string;
  readonly at: number;
}

/** What happened to a raw `connection_init`: acknowledged, or closed with a code. */
export type HandshakeOutcome = { readonly acknowledged: true } | { readonly acknowledged: false; readonly code: number; readonly reason: string };

/** A raw graphql-transport-ws socket that sent `connection_init` on open and records everything the server sends. */
export interface RawGraphqlWsSocket {
  /** The underlying `ws` socket, for tests of the transport below the protocol (e.g. pausing reads). */
  readonly socket: WebSocket;
  /** Every message received so far, in order. */
  readonly messages: readonly RawGraphqlWsMessage[];
  /** Settles with the server's answer to `connection_init`: the ack, or the close that came first. */
  readonly handshake: Promise<HandshakeOutcome>;
  /** Settles when the socket closes. */
  readonly closed: Promise<RawSocketClose>;
  /** The close, once the socket has closed. */
  closeEvent(): RawSocketClose | undefined;
  /** The socket error, if one happened (it is recorded, never thrown, and the close follows it). */
  error(): Error | undefined;
  /** Settles with the next message the server sends. */
  nextMessage(): Promise<RawGraphqlWsMessage>;
  /** Sends `message` as a JSON frame. */
  send(message: Record<string, unknown>): void;
  /** Sends `frame` as it is (for malformed or pre-encoded frames). */
  sendFrame(frame: string | Buffer): void;
  /** Closes the socket with `code` (1000 by default). */
  close(code?: number): void;
  /** Drops the socket without a close handshake. */
  terminate(): void;
}

/** Options of a raw socket. */
export interface RawGraphqlWsSocketOptions {
  /** Headers of the upgrade request. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Opens a raw graphql-transport-ws socket to `url` that sends `connection_init` (with `payload` when given) as soon as it opens. */
export function rawGraphqlWsSocket(url: string, payload: unknown, options: RawGraphqlWsSocketOptions = {}): RawGraphqlWsSocket {
  const Socket = webSocketWithHeaders(options.headers);
  const socket = new Socket(url, 'graphql-transport-ws');
  const messages: RawGraphqlWsMessage[] = [];
  const waiting: ((message: RawGraphqlWsMessage) => void)[] = [];
  let closeEvent: RawSocketClose | undefined;
  let error: Error | undefined;
  let answered: (outcome: HandshakeOutcome) => void = () => {};
  const handshake = new Promise<HandshakeOutcome>((resolve) => (answered = resolve));
  const closed = new Promise<RawSocketClose>((resolve) => {
    socket.on('close', (code, reason) => {
      closeEvent = { code, reason: String(reason), at: Date.now() };
      answered({ acknowledged: false, code, reason: closeEvent.reason });
      resolve(closeEvent);
    });
  });
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as RawGraphqlWsMessage;
    messages.push(message);
    if (message.type === 'connection_ack') answered({ acknowledged: true });
    for (const resolve of waiting.splice(0)) resolve(message);
  });
  socket.on('error', (cause) => (error = cause));
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload === undefined ? {} : { payload }) })));
  return {
    socket,
    messages,
    handshake,
    closed,
    closeEvent: () => closeEvent,
    error: () => error,
    nextMessage: () => new Promise((resolve) => waiting.push(resolve)),
    send: (message) => socket.send(JSON.stringify(message)),
    sendFrame: (frame) => socket.send(frame),
    close: (code = 1000) => socket.close(code),
    terminate: () => socket.terminate(),
  };
}

/**
 * Opens a raw graphql-transport-ws socket, sends `connection_init` with `payload` and reports the server's answer (a
 * protocol-level check, without the client library); closes the socket once acknowledged, and fails on a socket error.
 */
export async function handshake(url: string, payload: Record<string, unknown> | undefined): Promise<HandshakeOutcome> {
  const socket = rawGraphqlWsSocket(url, payload);
  const outcome = await socket.handshake;
  if (outcome.acknowledged) socket.close(1000);
  const error = socket.error();
  if (error) throw error;
  return outcome;
}
