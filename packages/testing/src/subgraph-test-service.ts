import type { DatabaseConnection, EventBus } from '@cryptograph/core';
import type { SubgraphCaller } from './subgraph-request.js';

/** A subgraph's service (`Service`, started from `Env`) running in-process for a test on a throwaway database and bus, callable as any identity. */
export interface SubgraphTestService<Service, Env> extends SubgraphCaller {
  readonly service: Service;
  readonly env: Readonly<Env>;
  readonly connection: DatabaseConnection;
  /** The bus the service publishes and listens on. */
  readonly bus: EventBus;
  /** Stops the service, then closes what the test opened for it (bus, database, data dir). */
  close(): Promise<void>;
}
