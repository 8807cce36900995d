import type { Resolvers } from '../generated/resolvers-types.js';
import { loadFeedState } from './feed-state.repository.js';
import { heartbeatEveryMs } from './feed-reporter.js';

/** A report older than this means no feed runs (its leader died and none took over yet). */
const staleAfterMs = 6 * heartbeatEveryMs;

/** Resolvers of `Query.marketFeed`: the feed leader's report, as every replica reads it from the database. */
export const marketFeedResolvers: Resolvers = {
  Query: {
    marketFeed: async (_parent, _args, { db }) => {
      const state = await loadFeedState(db);
      const now = Date.now();
      if (!state || state.mode === 'off' || now - new Date(state.heartbeat_at).getTime() > staleAfterMs) {
        return { source: null, mode: 'off', speed: null, time: state?.clock ?? null, lagSeconds: null, symbols: [] };
      }
      return {
        source: state.source,
        mode: state.mode,
        speed: state.speed,
        time: state.clock,
        lagSeconds: state.advanced_at ? Math.max(0, (now - new Date(state.advanced_at).getTime()) / 1000) : null,
        symbols: state.symbols,
      };
    },
  },
};
