export { createMarketService } from './service.js';
export { loadMarketEnv, type MarketEnv } from './env.js';
