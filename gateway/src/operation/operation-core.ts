import type { Credentials, GatewayContext } from '../context.js';
import { GatewayCloseCode } from './connection-end.js';
import { GatewayConnection, type ConnectionOptions } from './gateway-connection.js';
import type { GatewayPlugin, Next } from './gateway-plugin.js';
import type { Operation } from './operation.js';
import type { OperationOutcome } from './operation-outcome.js';

/** What the operation core is built from. */
export interface OperationCoreOptions {
  /** The policies, in the order they run (the last one executes). */
  readonly plugins: readonly GatewayPlugin[];
  /** Verifies a caller's credentials (the gateway's context factory). */
  readonly authenticate: (credentials: Credentials) => Promise<GatewayContext>;
  /** Logs an error nothing should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

/** The transport-free operation core: transports open connections on it and run operations through them. */
export interface OperationCore {
  /**
   * Opens a connection. Long-lived ones (`persistent`) pass every plugin's `onConnection`, which
   * may refuse them (throws ConnectionRefused). The transport authenticates it, runs operations
   * through it, and disposes of it when its socket or stream closes.
   */
  open(options: ConnectionOptions): GatewayConnection;
  /** Open long-lived connections. */
  connections(): number;
  /** Ends every long-lived connection (server shutdown: 1001 on WebSocket, the end of SSE streams). */
  close(): void;
}

/**
 * Builds the core from one ordered list of plugins (graphql-ws's `makeServer` is the model for the
 * core and its thin transport adapters; Hive Gateway's `useX` plugins for the policies). Every
 * operation of every transport runs the same chain: each plugin's `onOperation` gets the operation
 * and `next`, so a plugin can act before and after the rest, or answer on its own.
 */
export function createOperationCore(options: OperationCoreOptions): OperationCore {
  const steps = options.plugins.flatMap((plugin) => (plugin.onOperation ? [plugin.onOperation.bind(plugin)] : []));
  const connectionHooks = options.plugins.flatMap((plugin) => (plugin.onConnection ? [plugin.onConnection.bind(plugin)] : []));
  const live = new Set<GatewayConnection>();

  const runFrom = (operation: Operation, index: number): Promise<OperationOutcome> => {
    const step = steps[index];
    if (!step) return Promise.reject(new Error('No plugin executed the operation: the last plugin must answer.'));
    const next: Next = () => runFrom(operation, index + 1);
    try {
      return step(operation, next);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const host = { authenticate: options.authenticate, run: (operation: Operation) => runFrom(operation, 0), onUnexpected: options.onUnexpected };

  return {
    open(connectionOptions) {
      const connection = new GatewayConnection(host, connectionOptions);
      if (!connectionOptions.persistent) return connection;
      try {
        for (const hook of connectionHooks) {
          const cleanup = hook(connection);
          if (cleanup) connection.addCleanup(cleanup);
        }
      } catch (error) {
        connection.dispose();
        throw error;
      }
      live.add(connection);
      connection.addCleanup(() => live.delete(connection));
      return connection;
    },
    connections: () => live.size,
    close() {
      for (const connection of [...live]) connection.end({ code: GatewayCloseCode.GoingAway, reason: 'Server shutting down' });
    },
  };
}
