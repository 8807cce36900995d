import { badUserInput, pageRequest, toConnection } from '@cryptograph/core';
import type { Resolvers } from '../generated/resolvers-types.js';
import { findAsset, listActiveAssets } from './asset.repository.js';
import { addAsset, listProviderAssets, removeAsset } from './asset.service.js';

const maxSearchLength = 100;

/** Normalises a client-supplied symbol; BAD_USER_INPUT when it cannot be one. */
export function normaliseSymbol(symbol: string): string {
  const upper = symbol.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,15}$/.test(upper)) throw badUserInput('"symbol" must be 1 to 15 letters or digits, e.g. BTC.', 'symbol');
  return upper;
}

const parseSymbolCursor = (raw: unknown) => (typeof raw === 'string' && raw.length <= 15 ? raw : null);

/** Resolvers of assets: listing, lookup, the provider catalog, adding/removing and entity resolution. */
export const assetResolvers: Resolvers = {
  Query: {
    assets: async (_parent, args, { db }) => {
      if (args.search && args.search.length > maxSearchLength) throw badUserInput(`"search" must be at most ${maxSearchLength} characters.`, 'search');
      const page = pageRequest(args, parseSymbolCursor);
      const rows = await listActiveAssets(db, { limit: page.limit + 1, afterSymbol: page.after, search: args.search?.trim() || null });
      return toConnection(rows, page, (row) => row.symbol);
    },
    asset: async (_parent, { symbol }, { db }) => (await findAsset(db, normaliseSymbol(symbol))) ?? null,
    providerAssets: (_parent, _args, { db }) => listProviderAssets(db),
  },
  Mutation: {
    addAsset: (_parent, { symbol }, { db, bus }) => addAsset(db, bus, normaliseSymbol(symbol)),
    removeAsset: (_parent, { symbol }, { db, bus }) => removeAsset(db, bus, normaliseSymbol(symbol)),
  },
  Asset: {
    __resolveReference: (reference, { assetsBySymbol }) => assetsBySymbol.load(reference.symbol),
  },
};
