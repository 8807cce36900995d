import { createGatewayServer, loadGatewayEnv, loadSupergraphSdl, subgraphUrlOverrides, type HubStats } from '@cryptograph/gateway';
import { createLogger, listen, openInfrastructure, type EventBus, type SubgraphService } from '@cryptograph/core';
import { createMarketService, loadMarketEnv } from '@cryptograph/market';
import { createPredictionsService, loadPredictionsEnv } from '@cryptograph/predictions';
import { createUsersService, loadUsersEnv } from '@cryptograph/users';
import type { AddressInfo } from 'node:net';
import { subgraphAddresses, type SubgraphAddress } from './subgraph-addresses.js';

/** A running system: the gateway's URL, the subgraphs' internal URLs and how to stop it all. */
export interface RunningStack {
  /** Base URL of the gateway, e.g. `http://127.0.0.1:4000`. */
  readonly gatewayUrl: string;
  /** GraphQL URL of each subgraph, where the supergraph (or its `*_URL` override) says. */
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

/** The subgraphs the stack hosts, in start order (predictions reads candles from market). */
const hosted = ['users', 'market', 'predictions'] as const;

/**
 * Starts the whole system in one process from an environment: one database connection and one
 * event bus shared by all subgraphs (required for the embedded PGlite), each subgraph listening
 * where the supergraph the gateway serves says (4001–4003 by default; `USERS_URL`, `MARKET_URL`,
 * `PREDICTIONS_URL` move them, port 0 picks a free one), and the gateway on HOST:PORT in front.
 */
export async function startStack(source: Record<string, string | undefined>): Promise<RunningStack> {
  const gatewayEnv = loadGatewayEnv(source);
  const addresses = new Map(
    subgraphAddresses(loadSupergraphSdl(gatewayEnv.SUPERGRAPH_PATH), subgraphUrlOverrides(gatewayEnv), hosted).map((address) => [address.name, address]),
  );
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
      const address = addresses.get(service.name) as SubgraphAddress;
      await listen(service.app, address.host, address.port, address.variable);
      const port = (service.app.server.address() as AddressInfo).port;
      subgraphUrls[service.name] = `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}/graphql`;
    };
    await start(await createUsersService(usersEnv, { ...infrastructure, logger: logger('users') }));
    await start(await createMarketService(loadMarketEnv(internal), { ...infrastructure, logger: logger('market') }));
    const predictionsEnv = loadPredictionsEnv({ ...internal, MARKET_URL: subgraphUrls.market });
    await start(await createPredictionsService(predictionsEnv, { ...infrastructure, logger: logger('predictions') }));
    const gateway = await createGatewayServer({ env: gatewayEnv, logger: logger('gateway'), subgraphUrls, bus: infrastructure.bus });
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
