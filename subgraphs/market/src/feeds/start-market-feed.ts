import type { Logger } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import { activeSymbols } from '../assets/asset.repository.js';
import type { MarketDatabase } from '../db/market-database.js';
import type { MarketEnv } from '../env.js';
import { startCoinbaseFeed } from '../exchange/coinbase-feed.js';
import type { PriceIngestor } from '../ingest/price-ingestor.js';
import { startReplay } from '../replay/replay-feed.js';

/** A started price feed (or none). */
export interface MarketFeed {
  /** `replay`, `coinbase` or `off`. */
  readonly kind: 'replay' | 'coinbase' | 'off';
  stop(): Promise<void>;
}

/**
 * Starts the configured price feed for the active assets: the live Coinbase connector when
 * EXCHANGE_FEED=coinbase, else the replay feed unless REPLAY_SPEED=0. Assets added later are
 * followed after a restart.
 */
export async function startMarketFeed(
  env: Pick<MarketEnv, 'REPLAY_SPEED' | 'EXCHANGE_FEED' | 'EXCHANGE_WS_URL'>,
  deps: { db: Kysely<MarketDatabase>; ingestor: PriceIngestor; logger: Logger },
): Promise<MarketFeed> {
  const symbols = await activeSymbols(deps.db);
  if (env.EXCHANGE_FEED === 'coinbase') {
    const feed = startCoinbaseFeed({ url: env.EXCHANGE_WS_URL, symbols, onTrade: deps.ingestor.ingestTrade, logger: deps.logger });
    return { kind: 'coinbase', stop: feed.stop };
  }
  if (env.REPLAY_SPEED === 0) {
    deps.logger.info('replay feed off (REPLAY_SPEED=0)');
    return { kind: 'off', stop: async () => {} };
  }
  const replay = startReplay(deps, { speed: env.REPLAY_SPEED, symbols });
  return { kind: 'replay', stop: replay.stop };
}
