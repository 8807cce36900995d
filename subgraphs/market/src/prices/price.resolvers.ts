import { AppError, badUserInput, ErrorCode, internalErrorMessage, notFound } from '@cryptograph/core';
import { findAsset, findAssets } from '../assets/asset.repository.js';
import { normaliseSymbol } from '../assets/asset.resolvers.js';
import type { Context } from '../context.js';
import type { Resolvers } from '../generated/resolvers-types.js';
import { mapIterator } from './map-iterator.js';

/** Most symbols one `priceUpdated` subscription may follow. */
export const maxSubscribedSymbols = 50;

/** Validates the symbols of a subscription: 1 to 50 well-formed tickers of known assets. */
async function subscribedSymbols(symbols: readonly string[], { db }: Context): Promise<Set<string>> {
  if (symbols.length === 0) throw badUserInput('"symbols" must name at least one asset.', 'symbols');
  if (symbols.length > maxSubscribedSymbols) throw badUserInput(`"symbols" may name at most ${maxSubscribedSymbols} assets.`, 'symbols');
  const wanted = new Set(symbols.map((symbol) => normaliseSymbol(symbol)));
  const known = new Set((await findAssets(db, [...wanted])).map((row) => row.symbol));
  const unknown = [...wanted].find((symbol) => !known.has(symbol));
  if (unknown) throw notFound('Asset', unknown);
  return wanted;
}

/** Resolvers of live prices: the hot cache for reads, the tick hub for `priceUpdated`. */
export const priceResolvers: Resolvers = {
  Query: {
    latestPrice: async (_parent, { symbol }, { latestPrices, db }) => {
      const normalised = normaliseSymbol(symbol);
      const cached = await latestPrices.load(normalised);
      if (cached) return cached;
      if (!(await findAsset(db, normalised))) throw notFound('Asset', normalised);
      return null;
    },
  },
  Asset: {
    latestPrice: (asset, _args, { latestPrices }) => latestPrices.load(asset.symbol),
  },
  PriceTick: {
    asset: async (tick, _args, { assetsBySymbol }) => {
      const asset = await assetsBySymbol.load(tick.symbol);
      if (!asset) throw notFound('Asset', tick.symbol);
      return asset;
    },
  },
  Subscription: {
    priceUpdated: {
      // No `resolve` here on purpose: graphql-middleware (shield) wraps `subscribe` only when the
      // field has no resolver of its own, so events carry `{ priceUpdated: tick }` instead.
      subscribe: async (_parent, { symbols }, context) => {
        try {
          const ticks = await context.priceTicks.subscribe(await subscribedSymbols(symbols, context));
          return mapIterator(ticks, (tick) => ({ priceUpdated: tick }));
        } catch (error) {
          // Errors here bypass the server's error masking: only AppErrors may keep their message.
          if (error instanceof AppError) throw error;
          context.logUnexpected(error);
          throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, internalErrorMessage);
        }
      },
    },
  },
};
