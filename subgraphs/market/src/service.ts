import { createSubgraphServer, internalKey, runMigrations, type SubgraphDependencies, type SubgraphService } from '@cryptograph/core';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { assetCatalog } from './assets/asset-catalog.js';
import { insertAssetsIfMissing } from './assets/asset.repository.js';
import { assetResolvers } from './assets/asset.resolvers.js';
import { contextFactory } from './context.js';
import { marketMigrations } from './db/migrations/index.js';
import { marketSchema, type MarketDatabase } from './db/market-database.js';
import type { MarketEnv } from './env.js';
import { marketPermissions } from './permissions.js';

const typeDefs = parse(readFileSync(new URL('../../../schema/market.graphql', import.meta.url), 'utf8'));

/** Migrates the market schema, seeds the provider catalog and builds the market subgraph server. */
export async function createMarketService(env: Pick<MarketEnv, 'internalSecret'>, deps: SubgraphDependencies): Promise<SubgraphService> {
  await runMigrations(deps.db.root, marketSchema, marketMigrations);
  const db = deps.db.root.withSchema(marketSchema) as Kysely<MarketDatabase>;
  await insertAssetsIfMissing(db, assetCatalog);
  const app = await createSubgraphServer({
    name: 'market',
    typeDefs,
    resolvers: assetResolvers,
    permissions: marketPermissions,
    internalKey: internalKey(env.internalSecret),
    createContext: contextFactory(db),
    checkReady: async () => {
      await db.selectFrom('assets').select('symbol').limit(1).execute();
    },
    logger: deps.logger,
  });
  return { name: 'market', app, close: async () => {} };
}
