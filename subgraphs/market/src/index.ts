export { createMarketService, prepareMarketDatabase, openPriceCache, type MarketService, type MarketServiceEnv } from './service.js';
export { loadMarketEnv, type MarketEnv } from './env.js';
export { priceTickChannel, type PriceTickEvent } from './prices/price-tick-channel.js';
export { importCandles, CandleImportError, type ImportReport, type ImportCandlesOptions } from './import/import-candles.js';
export { parseNativeInterval, type NativeInterval } from './candles/candle-interval.js';
export { startReplay, type ReplayFeed } from './replay/replay-feed.js';
export { parseReplaySpeed, type ReplaySpeed } from './replay/replay-speed.js';
export { createPriceIngestor } from './ingest/price-ingestor.js';
export { importProgress } from './import/import-progress.js';
