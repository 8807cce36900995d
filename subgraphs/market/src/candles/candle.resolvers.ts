import type { Resolvers } from '../generated/resolvers-types.js';
import { normaliseSymbol } from '../assets/asset.resolvers.js';
import { queryCandles } from './candle.service.js';

/** Resolvers of candles: `Query.candles` and `Asset.candles`. */
export const candleResolvers: Resolvers = {
  Query: {
    candles: (_parent, { symbol, ...args }, { db }) => queryCandles(db, normaliseSymbol(symbol), args),
  },
  Asset: {
    candles: (asset, args, { db }) => queryCandles(db, asset.symbol, args, false),
  },
};
