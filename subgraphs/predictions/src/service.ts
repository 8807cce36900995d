import { createSubgraphServer, internalKey, runMigrations, type SubgraphDependencies, type SubgraphService } from '@cryptograph/core';
import { parse } from 'graphql';
import type { Kysely } from 'kysely';
import { readFileSync } from 'node:fs';
import { contextFactory } from './context.js';
import { predictionsMigrations } from './db/migrations/index.js';
import { predictionsSchema, type PredictionsDatabase } from './db/predictions-database.js';
import type { PredictionsEnv } from './env.js';
import { createMarketClient } from './market/market-client.js';
import { modelResolvers } from './models/model.resolvers.js';
import { predictionsPermissions } from './permissions.js';
import { scalarResolvers } from './scalars.js';

const typeDefs = parse(readFileSync(new URL('../../../schema/predictions.graphql', import.meta.url), 'utf8'));

/** Migrates the predictions schema and builds the predictions subgraph server. */
export async function createPredictionsService(env: Pick<PredictionsEnv, 'internalSecret' | 'MARKET_URL'>, deps: SubgraphDependencies): Promise<SubgraphService> {
  await runMigrations(deps.db.root, predictionsSchema, predictionsMigrations);
  const db = deps.db.root.withSchema(predictionsSchema) as Kysely<PredictionsDatabase>;
  const app = await createSubgraphServer({
    name: 'predictions',
    typeDefs,
    resolvers: { ...scalarResolvers, ...modelResolvers },
    permissions: predictionsPermissions,
    internalKey: internalKey(env.internalSecret),
    createContext: contextFactory(db, createMarketClient(env.MARKET_URL, env.internalSecret)),
    checkReady: async () => {
      await db.selectFrom('models').select('id').limit(1).execute();
    },
    logger: deps.logger,
  });
  return { name: 'predictions', app, close: async () => {} };
}
