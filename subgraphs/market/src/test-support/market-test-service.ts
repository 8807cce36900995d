import { createLogger, type Logger, type Identity, type Role } from '@cryptograph/core';
import { openTestServiceBase, subgraphCaller, type SubgraphTestService } from '@cryptograph/testing';
import { randomUUID } from 'node:crypto';
import { loadMarketEnv, type MarketEnv } from '../env.js';
import { createMarketService, type MarketService } from '../service.js';

/** A GraphQL response as the subgraph sends it. */
export type { SubgraphResponse as GraphQLResponse } from '@cryptograph/testing';

/** A market service on a throwaway database, callable as any identity (a fresh signed-in VIEWER by default). */
export type MarketTestService = SubgraphTestService<MarketService, MarketEnv>;

/** An anonymous caller. */
export const anonymous = (): Identity => ({ userId: null, role: null, scopes: null, clientAddress: '203.0.113.1' });

/** A signed-in caller with `role` (and optionally limited `scopes`). */
export const signedIn = (role: Role, scopes: string[] | null = null): Identity => ({ userId: randomUUID(), role, scopes, clientAddress: '203.0.113.1' });

/**
 * Starts the market service on a fresh database of the test Postgres server (embedded PGlite in a
 * temp dir when there is none) and the test Redis (in-process bus and cache when there is none).
 * By default nothing but the asset catalog is seeded and no feed runs: `settings` override that (and
 * `logger` receives the service's log);
 * passing the `DATABASE_URL` and `DATA_DIR` of an earlier one starts a second run on the same data.
 */
export async function startMarketTestService(
  settings: Record<string, string> = {},
  logger: Logger = createLogger('market-test', 'silent'),
): Promise<MarketTestService> {
  const ground = await openTestServiceBase({
    tempPrefix: 'cryptograph-market-test-',
    poolSize: 5,
    defaults: { REPLAY_SPEED: '0', MARKET_SEED_DATA: 'false' },
    settings,
    parse: loadMarketEnv,
  });
  const { env, connection, bus } = ground;
  const service = await createMarketService(env, { db: connection, bus, logger });
  return {
    service,
    env,
    connection,
    bus,
    // Operations run as a fresh signed-in VIEWER unless they name an identity.
    ...subgraphCaller(service.app, { audience: 'market', internalSecret: env.internalSecret, defaultIdentity: () => signedIn('VIEWER') }),
    async close() {
      await service.app.close();
      await service.close();
      await ground.close();
    },
  };
}
