import { createSubgraphServer, internalKey, migratedSchema, type SubgraphDependencies, type SubgraphService } from '@cryptograph/core';
import { readSubgraphDocument } from '@cryptograph/schema';
import { mergeResolvers } from '@graphql-tools/merge';
import { assetResolvers } from './assets/asset.resolvers.js';
import { candleResolvers } from './candles/candle.resolvers.js';
import { contextFactory } from './context.js';
import { marketMigrations } from './db/migrations/index.js';
import { probeMarketSchema } from './db/readiness.repository.js';
import { marketSchema, type MarketDatabase, type MarketSchema } from './db/market-database.js';
import type { MarketEnv } from './env.js';
import { marketFeedResolvers } from './feed/market-feed.resolvers.js';
import { startMarketFeed, type FeedSettings, type MarketFeedHandle } from './feed/start-market-feed.js';
import { instrumentIngestor } from './ingest/ingest-telemetry.js';
import { createPriceIngestor, type PriceIngestor } from './ingest/price-ingestor.js';
import { marketPermissions } from './permissions.js';
import { createMemoryPriceCache, type PriceCache } from './prices/price-cache.js';
import { createPriceTickHub } from './prices/price-tick-hub.js';
import { priceResolvers } from './prices/price.resolvers.js';
import { createRedisPriceCache } from './prices/redis-price-cache.js';
import { priceCacheKey, warmPriceCache } from './prices/warm-price-cache.js';
import { scalarResolvers } from './scalars.js';
import { seedMarketData } from './seed/seed-market-data.js';

const typeDefs = readSubgraphDocument('market');

/** The environment the market service needs. */
export type MarketServiceEnv = Pick<MarketEnv, 'internalSecret' | 'DATA_DIR' | 'MARKET_SEED_DATA'> &
  FeedSettings & {
    readonly DATABASE_URL?: string | undefined;
    readonly REDIS_URL?: string | undefined;
  };

/** The market subgraph with its live-price parts, which tools and tests drive directly. */
export interface MarketService extends SubgraphService {
  /** The market schema. */
  readonly db: MarketSchema;
  /** The hot cache of latest prices. */
  readonly prices: PriceCache;
  /** The ingestion path of live prices (candle upsert, cache, bus). */
  readonly ingestor: PriceIngestor;
  /** This process's part in the market feed (its leader election). */
  readonly feed: MarketFeedHandle;
}

/** Prepares the market schema: migrates it and seeds a fresh installation (once). */
export async function prepareMarketDatabase(env: Pick<MarketServiceEnv, 'MARKET_SEED_DATA'>, deps: SubgraphDependencies): Promise<MarketSchema> {
  const db = await migratedSchema<MarketDatabase>(deps.db.root, marketSchema, marketMigrations);
  await seedMarketData(db, { data: env.MARKET_SEED_DATA }, deps.logger, deps.bus);
  return db;
}

/** Opens the price cache the environment asks for: Redis when REDIS_URL is set, in-process otherwise. */
export function openPriceCache(env: Pick<MarketServiceEnv, 'REDIS_URL' | 'DATABASE_URL' | 'DATA_DIR'>): PriceCache {
  return env.REDIS_URL ? createRedisPriceCache(env.REDIS_URL, priceCacheKey(env)) : createMemoryPriceCache();
}

/**
 * Migrates and (on first start) seeds the market schema, warms the price cache, builds the market
 * subgraph server and starts the configured market feed under leader election (live exchange data
 * when the exchange answers, else the offline feed, by default).
 */
export async function createMarketService(env: MarketServiceEnv, deps: SubgraphDependencies): Promise<MarketService> {
  const db = await prepareMarketDatabase(env, deps);
  const prices = openPriceCache(env);
  const priceTicks = createPriceTickHub(deps.bus, deps.logger);
  try {
    await warmPriceCache(db, prices);
    const ingestor = instrumentIngestor(createPriceIngestor({ db, cache: prices, bus: deps.bus }));
    const app = await createSubgraphServer({
      name: 'market',
      typeDefs,
      resolvers: mergeResolvers([scalarResolvers, assetResolvers, candleResolvers, priceResolvers, marketFeedResolvers]),
      permissions: marketPermissions,
      internalKey: internalKey(env.internalSecret),
      createContext: contextFactory({ db, prices, priceTicks, bus: deps.bus, logger: deps.logger }),
      checkReady: () => probeMarketSchema(db),
      logger: deps.logger,
    });
    const feed = startMarketFeed(env, { db, embedded: deps.db.embedded, ingestor, bus: deps.bus, logger: deps.logger });
    return {
      name: 'market',
      app,
      db,
      prices,
      ingestor,
      feed,
      close: async () => {
        await feed.stop();
        await priceTicks.close();
        await prices.close();
      },
    };
  } catch (error) {
    await prices.close();
    throw error;
  }
}
