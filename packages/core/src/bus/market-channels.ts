/**
 * The market subgraph's event-bus contract: channel names and payloads (JSON) that other services
 * (predictions, the gateway's response cache) consume. Publishers and consumers import these; no
 * service restates them.
 */

/** Where a price or bar came from. */
export type MarketDataSource = 'LIVE' | 'REPLAY' | 'SIMULATED';

/** Every price tick of every feed (live exchange, replay, simulation): `PriceTickMessage`. */
export const priceTickChannel = 'market.price-tick';

/** Payload of one message on `priceTickChannel`. */
export interface PriceTickMessage {
  /** Upper-case ticker, e.g. `BTC`. */
  readonly symbol: string;
  /** Last price in the asset's quote currency. */
  readonly price: number;
  /** ISO-8601 UTC time of the price in feed time. */
  readonly ts: string;
  /** Where the price came from (absent from publishers that predate sources: treat as `REPLAY`). */
  readonly source?: MarketDataSource;
}

/** A minute bar was stored and will not change again (except when real data replaces a simulated one): `BarClosedMessage`. */
export const barClosedChannel = 'market.bar-closed';

/** Payload of one message on `barClosedChannel`. */
export interface BarClosedMessage {
  readonly symbol: string;
  /** ISO-8601 UTC start of the closed minute bar. */
  readonly ts: string;
  /** True when the bar was invented by the simulation. */
  readonly simulated: boolean;
}

/** Stored candles of a symbol changed in a time range (an import, a backfill replacing simulated bars): `CandlesChangedMessage`. */
export const candlesChangedChannel = 'market.candles-changed';

/** Payload of one message on `candlesChangedChannel`; anything derived from bars in `[from, to)` is stale. */
export interface CandlesChangedMessage {
  readonly symbol: string;
  /** ISO-8601 UTC start of the changed range (inclusive). */
  readonly from: string;
  /** ISO-8601 UTC end of the changed range (exclusive). */
  readonly to: string;
  /** Why: `import`, `backfill` (real data replaced simulated bars), or `simulation`. */
  readonly reason: 'import' | 'backfill' | 'simulation';
}

/** An asset was added to or removed from tracking: `AssetChangedMessage`. */
export const assetChangedChannel = 'market.asset-changed';

/** Payload of one message on `assetChangedChannel`. */
export interface AssetChangedMessage {
  readonly symbol: string;
  readonly change: 'added' | 'removed';
}
