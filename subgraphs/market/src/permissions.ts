import { hasScope, isAuthenticated } from '@cryptograph/core';
import { allow, and, type IRules } from 'graphql-shield';

const readMarket = and(isAuthenticated, hasScope('read:market'));

/** Who may read and change what in the market subgraph; anything not listed is denied. */
export const marketPermissions: IRules = {
  Query: { assets: readMarket, asset: readMarket },
  Asset: allow,
  AssetConnection: allow,
  AssetEdge: allow,
  PageInfo: allow,
};
