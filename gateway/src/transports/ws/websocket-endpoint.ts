import { GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { ConnectionRefused, GatewayCloseCode } from '../../operation/connection-end.js';
import type { OperationCore } from '../../operation/operation-core.js';
import type { BoundedWriterOptions } from '../bounded-writer.js';
import { GraphqlWsConnection } from './graphql-ws-connection.js';

/** What the WebSocket endpoint needs from the gateway. */
export interface WebSocketEndpointOptions {
  readonly httpServer: Server;
  readonly path: string;
  readonly core: OperationCore;
  readonly initTimeoutMs: number;
  readonly heartbeatMs: number;
  readonly writer: Omit<BoundedWriterOptions, 'onTooSlow'>;
  /** Resolves the client's address from the upgrade request (honours TRUST_PROXY). */
  readonly clientAddress: (request: IncomingMessage) => string;
  /** Logs an error no message should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

/** The running endpoint. */
export interface WebSocketEndpoint {
  /** Open sockets. */
  connections(): number;
  /** Closes every socket with 1001 and stops accepting new ones. */
  close(): Promise<void>;
}

/** Largest message a client may send (a subscribe with its document and variables). */
const maxMessageBytes = 256 * 1024;

/**
 * Hosts the graphql-transport-ws protocol on the gateway's HTTP server at `path`: negotiates the
 * subprotocol, hands each socket to a GraphqlWsConnection on the operation core (which may refuse
 * it: too many connections from one address close with 1013), and pings clients so dead
 * connections are dropped.
 */
export function startWebSocketEndpoint(options: WebSocketEndpointOptions): WebSocketEndpoint {
  const server = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: maxMessageBytes,
    // WebSocket ping frames are answered below, only while the socket drains: ws' automatic pongs
    // would buffer without bound for a client that pings and never reads (e2e/faults).
    autoPong: false,
    // Any other offered subprotocol is accepted only to close the socket with 4406, which
    // clients understand; refusing the handshake would leave them a bare network error.
    handleProtocols: (protocols) => (protocols.has(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? GRAPHQL_TRANSPORT_WS_PROTOCOL : ([...protocols][0] ?? false)),
  });
  const alive = new WeakMap<WebSocket, boolean>();
  const connections = new Set<GraphqlWsConnection>();

  server.on('connection', (socket, request) => {
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      socket.close(GatewayCloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    let connection: GraphqlWsConnection;
    try {
      connection = new GraphqlWsConnection(socket, {
        core: options.core,
        clientAddress: options.clientAddress(request),
        initTimeoutMs: options.initTimeoutMs,
        writer: options.writer,
        onUnexpected: options.onUnexpected,
      });
    } catch (error) {
      if (!(error instanceof ConnectionRefused)) options.onUnexpected(error);
      socket.close(
        error instanceof ConnectionRefused ? error.code : GatewayCloseCode.InternalServerError,
        error instanceof ConnectionRefused ? error.reason : 'Internal server error',
      );
      return;
    }
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    socket.on('ping', (data) => {
      if (socket.bufferedAmount < options.writer.highWaterMarkBytes) socket.pong(data);
    });
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  });

  const heartbeat = setInterval(() => {
    for (const socket of server.clients) {
      if (!alive.get(socket)) {
        socket.terminate();
        continue;
      }
      alive.set(socket, false);
      socket.ping();
    }
  }, options.heartbeatMs);
  heartbeat.unref();

  return {
    connections: () => connections.size,
    close: async () => {
      clearInterval(heartbeat);
      for (const connection of connections) connection.shutDown();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
