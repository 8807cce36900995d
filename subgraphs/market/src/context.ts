import type { BaseContext, EventBus, Identity, Logger } from '@cryptograph/core';
import DataLoader from 'dataloader';
import { createAssetsBySymbolLoader } from './assets/assets-by-symbol.js';
import type { AssetRow } from './assets/asset.table.js';
import type { MarketSchema } from './db/market-database.js';
import type { PriceCache } from './prices/price-cache.js';
import type { PriceTickHub } from './prices/price-tick-hub.js';
import type { LatestPrice } from './prices/price-tick.js';

/** Per-operation context of the market subgraph, for HTTP and WebSocket alike. */
export interface Context extends BaseContext {
  readonly db: MarketSchema;
  readonly assetsBySymbol: DataLoader<string, AssetRow | null>;
  /** Latest prices from the hot cache, batched per operation (one HMGET). */
  readonly latestPrices: DataLoader<string, LatestPrice | null>;
  /** Live price ticks for subscriptions. */
  readonly priceTicks: PriceTickHub;
  /** The event bus (asset changes are announced on it). */
  readonly bus: EventBus;
  /** Logs an unexpected error whose details must not reach the client. */
  readonly logUnexpected: (error: unknown) => void;
}

/** What the context factory shares between operations. */
export interface ContextDependencies {
  readonly db: MarketSchema;
  readonly prices: PriceCache;
  readonly priceTicks: PriceTickHub;
  readonly bus: EventBus;
  readonly logger: Logger;
}

/** Builds the one context factory of the market subgraph. */
export function contextFactory(deps: ContextDependencies): (identity: Identity) => Context {
  const logUnexpected = (error: unknown) => deps.logger.error({ err: error }, 'unexpected error in resolver');
  return (identity) => ({
    identity,
    db: deps.db,
    assetsBySymbol: createAssetsBySymbolLoader(deps.db),
    latestPrices: new DataLoader((symbols: readonly string[]) => deps.prices.getMany(symbols), { cache: false }),
    priceTicks: deps.priceTicks,
    bus: deps.bus,
    logUnexpected,
  });
}
