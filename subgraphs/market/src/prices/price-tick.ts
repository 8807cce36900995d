import type { MarketDataSource } from '@cryptograph/core';

/** The latest price of an asset: what the cache holds and `PriceTick` resolves from. */
export interface LatestPrice {
  readonly symbol: string;
  readonly price: number;
  /** When the price was observed, in feed time (replay and simulation: the bar's time). */
  readonly ts: Date;
  /** Where the price came from. */
  readonly source: MarketDataSource;
}
