import type { Transaction } from 'kysely';
import { describe, expectTypeOf, it } from 'vitest';
import { findAsset } from '../assets/asset.repository.js';
import type { Context, ContextDependencies } from '../context.js';
import { backfillFromExchange } from '../exchange/backfill.js';
import type { FeedDependencies } from '../feed/feed-dependencies.js';
import type { MarketFeedDependencies } from '../feed/start-market-feed.js';
import { importCandles } from '../import/import-candles.js';
import type { FeedLeaderOptions } from '../leader/feed-leader.js';
import { seedMarketData } from '../seed/seed-market-data.js';
import type { MarketService } from '../service.js';
import type { MarketDatabase, MarketDb, MarketSchema } from './market-database.js';

type MarketTransaction = Transaction<MarketDatabase>;

// Checked by `npm run typecheck` (tsc over src/**/*.ts): with MarketSchema widened back to a plain Kysely, every
// `not.toExtend` below stops compiling.
describe('code of the market subgraph that opens a transaction', () => {
  it('takes the market schema itself: a transaction does not compile', () => {
    expectTypeOf<MarketTransaction>().not.toExtend<Parameters<typeof seedMarketData>[0]>();
    expectTypeOf<MarketTransaction>().not.toExtend<Parameters<typeof importCandles>[0]>();
    expectTypeOf<MarketTransaction>().not.toExtend<Parameters<typeof backfillFromExchange>[0]['db']>();
  });

  it('is handed the schema by the service, its context and the feed', () => {
    expectTypeOf<MarketService['db']>().toEqualTypeOf<MarketSchema>();
    expectTypeOf<Context['db']>().toEqualTypeOf<MarketSchema>();
    expectTypeOf<ContextDependencies['db']>().toEqualTypeOf<MarketSchema>();
    expectTypeOf<FeedDependencies['db']>().toEqualTypeOf<MarketSchema>();
    expectTypeOf<MarketFeedDependencies['db']>().toEqualTypeOf<MarketSchema>();
    expectTypeOf<FeedLeaderOptions['db']>().toEqualTypeOf<MarketSchema>();
  });

  it('leaves repositories taking the schema or a transaction', () => {
    expectTypeOf<Parameters<typeof findAsset>[0]>().toEqualTypeOf<MarketDb>();
    expectTypeOf<MarketSchema>().toExtend<MarketDb>();
    expectTypeOf<MarketTransaction>().toExtend<MarketDb>();
  });
});
