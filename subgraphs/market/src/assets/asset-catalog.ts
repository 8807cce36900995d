/** An asset the data provider offers: what `addAsset` may add. */
export interface CatalogAsset {
  readonly symbol: string;
  readonly name: string;
  readonly quote: string;
}

/** The provider catalog: the assets whose market data ships with Cryptograph. */
export const assetCatalog: readonly CatalogAsset[] = [
  { symbol: 'BTC', name: 'Bitcoin', quote: 'USD' },
  { symbol: 'ETH', name: 'Ethereum', quote: 'USD' },
  { symbol: 'SOL', name: 'Solana', quote: 'USD' },
  { symbol: 'ADA', name: 'Cardano', quote: 'USD' },
  { symbol: 'XRP', name: 'XRP', quote: 'USD' },
  { symbol: 'DOGE', name: 'Dogecoin', quote: 'USD' },
  { symbol: 'BNB', name: 'BNB', quote: 'USD' },
];
