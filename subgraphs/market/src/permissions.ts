import { hasRole, hasScope, isAuthenticated } from '@cryptograph/core';
import { allow, and, type IRules } from 'graphql-shield';

const readMarket = and(isAuthenticated, hasScope('read:market'));

/** Who may read and change what in the market subgraph; anything not listed is denied. */
export const marketPermissions: IRules = {
  Query: { assets: readMarket, asset: readMarket, candles: readMarket, latestPrice: readMarket, providerAssets: readMarket, marketFeed: readMarket },
  Mutation: { addAsset: hasRole('ANALYST'), removeAsset: hasRole('ADMIN') },
  Subscription: { priceUpdated: readMarket },
  Asset: allow,
  AssetConnection: allow,
  AssetEdge: allow,
  Candle: allow,
  MarketFeed: allow,
  PageInfo: allow,
  PriceTick: allow,
  ProviderAsset: allow,
};
