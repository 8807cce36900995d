import { createGatewayServer, loadGatewayEnv, type HubStats } from '@cryptograph/gateway';
import { createLogger, listen, openInfrastructure, type EventBus, type SubgraphService } from '@cryptograph/core';
import { createMarketService, loadMarketEnv } from '@cryptograph/market';
import { createPredictionsService, loadPredictionsEnv } from '@cryptograph/predictions';
import { createUsersService, loadUsersEnv } from '@cryptograph/users';

/** A running system: the gateway's URL, the subgraphs' internal URLs and how to stop it all. */
export interface RunningStack {
  /** Base URL of the gateway, e.g. `http://127.0.0.1:4000`. */
  readonly gatewayUrl: string;
  /** GraphQL URL of each subgraph (loopback only). */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /** Whether the data lives in the embedded database. */
  readonly embedded: boolean;
  /** The event bus the subgraphs share (Redis or in-process). */
  readonly bus: EventBus;
  /** The gateway's shared-subscription counters. */
  subscriptionStats(): HubStats;
  /** Stops the gateway first (finishing in-flight operations), then the subgraphs, bus and database. */
  stop(): Promise<void>;
}

/**
 * Starts the whole system in one process from an environment: one database connection and one
 * event bus shared by all subgraphs (required for the embedded PGlite), each subgraph on its own
 * loopback port, and the gateway on HOST:PORT in front of them.
 */
export async function startStack(source: Record<string, string | undefined>): Promise<RunningStack> {
  const internal = { ...source, HOST: '127.0.0.1', PORT: '0' };
  const usersEnv = loadUsersEnv(internal);
  const logger = (name: string) => createLogger(name, usersEnv.LOG_LEVEL);
  const infrastructure = await openInfrastructure(usersEnv);
  const services: SubgraphService[] = [];
  const subgraphUrls: Record<string, string> = {};
  const stopServices = async () => {
    for (const service of services.reverse()) {
      await service.app.close();
      await service.close();
    }
    await infrastructure.close();
  };
  try {
    const start = async (service: SubgraphService) => {
      services.push(service);
      subgraphUrls[service.name] = await listen(service.app, '127.0.0.1', 0);
    };
    await start(await createUsersService(usersEnv, { ...infrastructure, logger: logger('users') }));
    await start(await createMarketService(loadMarketEnv(internal), { ...infrastructure, logger: logger('market') }));
    const predictionsEnv = loadPredictionsEnv({ ...internal, MARKET_URL: subgraphUrls.market });
    await start(await createPredictionsService(predictionsEnv, { ...infrastructure, logger: logger('predictions') }));
    const gateway = await createGatewayServer({ env: loadGatewayEnv(source), logger: logger('gateway'), subgraphUrls, bus: infrastructure.bus });
    const gatewayUrl = (await gateway.listen()).replace('[::1]', 'localhost');
    return {
      gatewayUrl,
      subgraphUrls,
      embedded: infrastructure.db.embedded,
      bus: infrastructure.bus,
      subscriptionStats: () => gateway.subscriptionStats(),
      stop: async () => {
        await gateway.stop();
        await stopServices();
      },
    };
  } catch (error) {
    await stopServices();
    throw error;
  }
}
