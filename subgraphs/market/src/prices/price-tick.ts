/** The latest price of an asset: what the cache holds and `PriceTick` resolves from. */
export interface LatestPrice {
  readonly symbol: string;
  readonly price: number;
  /** When the price was observed (replay: the replayed bar's time). */
  readonly ts: Date;
}
