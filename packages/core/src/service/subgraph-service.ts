import type { FastifyInstance } from 'fastify';
import type { DatabaseConnection } from '../db/database-connection.js';
import type { EventBus } from '../bus/event-bus.js';
import type { Logger } from '../logger.js';
import { listenFailure } from './listen-failure.js';

/** What every subgraph needs from its host process (the stack or its own main). */
export interface SubgraphDependencies {
  /** The installation's database; the subgraph works in its own schema of it. */
  readonly db: DatabaseConnection;
  /** Pub/sub between services. */
  readonly bus: EventBus;
  readonly logger: Logger;
}

/** A built subgraph: its server (not yet listening) and what to release when it stops. */
export interface SubgraphService {
  readonly name: string;
  readonly app: FastifyInstance;
  /** Stops background work of the service (the host closes the app, bus and db). */
  close(): Promise<void>;
}

/** Listens on host:port and returns the GraphQL URL; a port in use (or a host not of this machine) is an operator error naming `variable`. */
export async function listen(app: FastifyInstance, host: string, port: number, variable = 'PORT'): Promise<string> {
  try {
    const address = await app.listen({ host, port });
    return `${address.replace('[::1]', 'localhost')}/graphql`;
  } catch (error) {
    throw listenFailure(error, variable, `${host}:${port}`) ?? error;
  }
}
