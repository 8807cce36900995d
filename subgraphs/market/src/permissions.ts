import { hasRole, hasScope, isAuthenticated } from '@cryptograph/core';
import { allow, and, type IRules } from 'graphql-shield';

const readMarket = and(isAuthenticated, hasScope('read:market'));
const mayWriteMarket = hasScope('write:market');

/**
 * Who may read and change what in the market subgraph; anything not listed is denied. Market data
 * (prices, candles) needs `read:market` on API keys also where another service joins an asset in
 * (a prediction's or a model's asset); the asset's own description (symbol, name, quote, active) is
 * open to any signed-in caller that reached it. Changes need the role and `write:market`.
 */
export const marketPermissions: IRules = {
  Query: { assets: readMarket, asset: readMarket, candles: readMarket, latestPrice: readMarket, providerAssets: readMarket, marketFeed: readMarket },
  Mutation: { addAsset: and(hasRole('ANALYST'), mayWriteMarket), removeAsset: and(hasRole('ADMIN'), mayWriteMarket) },
  Subscription: { priceUpdated: readMarket },
  Asset: { symbol: allow, name: allow, quote: allow, active: allow, latestPrice: readMarket, candles: readMarket },
  AssetConnection: allow,
  AssetEdge: allow,
  Candle: allow,
  MarketFeed: allow,
  PageInfo: allow,
  PriceTick: allow,
  ProviderAsset: allow,
};
