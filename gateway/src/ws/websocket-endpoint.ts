import { GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Credentials, GatewayContext } from '../context.js';
import { GatewayCloseCode } from './close-codes.js';
import { GraphqlWsConnection } from './graphql-ws-connection.js';
import type { OperationRunner } from './operation-runner.js';
import type { SocketWriterOptions } from './socket-writer.js';

/** What the WebSocket endpoint needs from the gateway. */
export interface WebSocketEndpointOptions {
  readonly httpServer: Server;
  readonly path: string;
  readonly createContext: (credentials: Credentials) => Promise<GatewayContext>;
  readonly run: OperationRunner;
  readonly initTimeoutMs: number;
  readonly heartbeatMs: number;
  readonly writer: Omit<SocketWriterOptions, 'onTooSlow'>;
  /** Resolves the client's address from the upgrade request (honours TRUST_PROXY). */
  readonly clientAddress: (request: IncomingMessage) => string;
  /** Logs an error no message should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

/** The running endpoint. */
export interface WebSocketEndpoint {
  /** Open connections. */
  connections(): number;
  /** Closes every socket with 1001 and stops accepting new ones. */
  close(): Promise<void>;
}

/** Reads the credential a client sent in `connection_init` (`authorization` or `Authorization`, or an `apiKey`). */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (typeof params?.apiKey === 'string' && params.authorization === undefined && params.Authorization === undefined) return `ApiKey ${params.apiKey}`;
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Hosts the graphql-transport-ws protocol on the gateway's HTTP server at `path`: negotiates the
 * subprotocol, hands each socket to a GraphqlWsConnection, and pings clients so dead connections
 * are dropped.
 */
export function startWebSocketEndpoint(options: WebSocketEndpointOptions): WebSocketEndpoint {
  const server = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: 256 * 1024,
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
    const clientAddress = options.clientAddress(request);
    alive.set(socket, true);
    socket.on('pong', () => alive.set(socket, true));
    socket.on('ping', (data) => {
      if (socket.bufferedAmount < options.writer.highWaterMarkBytes) socket.pong(data);
    });
    const connection = new GraphqlWsConnection(socket, {
      authenticate: (params) => options.createContext({ authorization: authorizationOf(params), clientAddress }),
      run: options.run,
      initTimeoutMs: options.initTimeoutMs,
      writer: options.writer,
      onUnexpected: options.onUnexpected,
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
      for (const connection of connections) connection.close(GatewayCloseCode.GoingAway, 'Server shutting down');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
