import { AppError, badUserInput, ErrorCode, pageRequest, toConnection } from '@cryptograph/core';
import type { Resolvers } from '../generated/resolvers-types.js';
import { findVersion } from '../versions/model-version.repository.js';
import { latestPrediction, listPredictions, newestPredictionId, predictionsAfter } from './prediction.repository.js';
import type { PredictionRow } from './prediction.table.js';

const maxSymbols = 50;

/** Parses an event id given as `after` (a decimal string). */
function parseEventId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw badUserInput('"after" must be a prediction id.', 'after');
  return Number(raw);
}

const parseCursor = (raw: unknown): number | null => (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0 ? raw : null);

/** Resolvers of predictions: reads, `Asset.latestPrediction` and the resumable `predictionCreated` stream. */
export const predictionResolvers: Resolvers = {
  Query: {
    latestPrediction: async (_parent, { symbol, target }, { db }) => (await latestPrediction(db, symbol.trim().toUpperCase(), target)) ?? null,
    predictions: async (_parent, args, { db }) => {
      const page = pageRequest(args, parseCursor);
      const rows = await listPredictions(db, {
        symbol: args.symbol?.trim().toUpperCase() ?? null,
        modelId: args.modelId ?? null,
        from: args.from ? new Date(args.from) : null,
        to: args.to ? new Date(args.to) : null,
        before: page.after,
        limit: page.limit + 1,
      });
      return toConnection(rows, page, (row) => Number(row.id));
    },
  },
  Asset: {
    latestPrediction: async (asset, { target }, { db }) => (await latestPrediction(db, asset.symbol, target)) ?? null,
  },
  Prediction: {
    id: (prediction) => String(prediction.id),
    asset: (prediction) => ({ symbol: prediction.symbol }),
    model: async (prediction, _args, { modelsById }) => (await modelsById.load(prediction.model_id))!,
    modelVersion: async (prediction, _args, { db }) => (await findVersion(db, prediction.version_id))!,
    targetTs: (prediction) => prediction.target_ts,
    createdAt: (prediction) => prediction.created_at,
  },
  Subscription: {
    predictionCreated: {
      subscribe: async (_parent, args, { db, predictionHub, logger }) => {
        try {
          if (args.symbols && (args.symbols.length === 0 || args.symbols.length > maxSymbols))
            throw badUserInput(`"symbols" must name 1 to ${maxSymbols} assets.`, 'symbols');
          const symbols = args.symbols ? [...new Set(args.symbols.map((symbol) => symbol.trim().toUpperCase()))] : null;
          const modelId = args.modelId ?? null;
          const after = args.after === null || args.after === undefined ? () => newestPredictionId(db) : parseEventId(args.after);
          return await predictionHub.subscribe(
            {
              matches: (row) => (!symbols || symbols.includes(row.symbol)) && (!modelId || row.model_id === modelId),
              readAfter: (from, limit) => predictionsAfter(db, { symbols, modelId }, from, limit),
            },
            after,
          );
        } catch (error) {
          if (error instanceof AppError) throw error;
          logger.error({ err: error }, 'predictionCreated failed');
          throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.');
        }
      },
      resolve: (prediction: PredictionRow) => prediction,
    },
  },
};
