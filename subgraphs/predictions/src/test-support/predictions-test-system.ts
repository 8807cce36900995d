import { createLogger, listen, type DatabaseConnection, type EventBus, type Identity, type Role } from '@cryptograph/core';
import { createMarketService, importCandles, loadMarketEnv, shippedFile, type MarketService } from '@cryptograph/market';
import { openTestServiceBase, subgraphCaller, type SubgraphCaller } from '@cryptograph/testing';
import { randomUUID } from 'node:crypto';
import { loadPredictionsEnv, type PredictionsEnv } from '../env.js';
import { createPredictionsService, type PredictionsService } from '../service.js';

/** A GraphQL response as the subgraph sends it. */
export type { SubgraphResponse as GraphQLResponse } from '@cryptograph/testing';

/**
 * A market and a predictions subgraph on one throwaway database and bus; `request` and `identityHeader` call the
 * predictions subgraph (as an ANALYST by default).
 */
export interface PredictionsTestSystem extends SubgraphCaller {
  readonly market: MarketService;
  readonly predictions: PredictionsService;
  readonly env: Readonly<PredictionsEnv>;
  readonly databaseUrl: string | undefined;
  readonly connection: DatabaseConnection;
  readonly bus: EventBus;
  /** URL of the market subgraph. */
  readonly marketUrl: string;
  /** The environment both subgraphs were started from. */
  readonly settings: Readonly<Record<string, string>>;
  /** URL of the predictions subgraph (for WebSocket subscriptions). */
  readonly predictionsUrl: string;
  /** Imports a shipped candle file into the market. */
  importShipped(symbol: string, interval: '1d' | '1m'): Promise<void>;
  close(): Promise<void>;
}

/** A signed-in caller with `role`. */
export const signedIn = (role: Role): Identity => ({ userId: randomUUID(), role, scopes: null, clientAddress: '203.0.113.7' });

/**
 * Starts the market subgraph (no seeded candles, no replay) on HTTP and the predictions subgraph
 * against it, on a fresh database of the test Postgres (embedded PGlite when there is none) and the
 * test Redis (in-process bus when there is none), with the default models off. `settings` override
 * the environment; `beforePredictions` runs once the market is up, before the predictions service starts.
 */
export async function startPredictionsTestSystem(
  settings: Record<string, string> = {},
  beforePredictions?: (market: { importShipped(symbol: string, interval: '1d' | '1m'): Promise<void> }) => Promise<void>,
): Promise<PredictionsTestSystem> {
  const ground = await openTestServiceBase({
    tempPrefix: 'cryptograph-predictions-test-',
    poolSize: 8,
    defaults: { REPLAY_SPEED: '0', MARKET_SEED_DATA: 'false', JOB_RETRY_DELAY_SECONDS: '1', DEFAULT_MODELS: 'off' },
    settings,
  });
  const { databaseUrl, settings: base, connection, bus } = ground;
  const logger = createLogger('predictions-test', 'silent');
  const market = await createMarketService(loadMarketEnv(base), { db: connection, bus, logger });
  const marketUrl = await listen(market.app, '127.0.0.1', 0);
  const importShipped = async (symbol: string, interval: '1d' | '1m') => {
    const file = shippedFile(symbol, interval);
    if (!file) throw new Error(`no shipped ${interval} data of ${symbol}`);
    await importCandles(market.db, { symbol, interval, file });
  };
  await beforePredictions?.({ importShipped });
  const env = loadPredictionsEnv({ ...base, MARKET_URL: marketUrl });
  const predictions = await createPredictionsService(env, { db: connection, bus, logger });
  const predictionsUrl = await listen(predictions.app, '127.0.0.1', 0);
  const analyst = signedIn('ANALYST');
  return {
    market,
    predictions,
    env,
    databaseUrl,
    connection,
    bus,
    marketUrl,
    settings: base,
    predictionsUrl,
    ...subgraphCaller(predictions.app, { audience: 'predictions', internalSecret: env.internalSecret, defaultIdentity: () => analyst }),
    importShipped,
    async close() {
      await predictions.app.close();
      await predictions.close();
      await market.app.close();
      await market.close();
      await ground.close();
    },
  };
}
