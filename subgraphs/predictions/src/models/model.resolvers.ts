import { pageRequest, toConnection } from '@cryptograph/core';
import type { Resolvers } from '../generated/resolvers-types.js';
import { listModels, type ModelCursor } from './model.repository.js';
import { createModel } from './model.service.js';
import { isUuid } from '../db/uuid.js';

const parseModelCursor = (raw: unknown): ModelCursor | null => {
  const value = raw as Partial<ModelCursor> | null;
  return typeof value?.createdAt === 'string' && typeof value.id === 'string' && isUuid(value.id) && !Number.isNaN(Date.parse(value.createdAt))
    ? { createdAt: value.createdAt, id: value.id }
    : null;
};

/** Resolvers of the model registry. */
export const modelResolvers: Resolvers = {
  Query: {
    models: async (_parent, args, { db }) => {
      const page = pageRequest(args, parseModelCursor);
      const symbols = args.symbol ? [args.symbol.trim().toUpperCase()] : null;
      const rows = await listModels(db, { limit: page.limit + 1, after: page.after, symbols, target: args.target ?? null, stage: args.stage ?? null });
      return toConnection(rows, page, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }));
    },
    model: (_parent, { id }, { modelsById }) => modelsById.load(id),
  },
  Mutation: {
    createModel: (_parent, { input }, { db, assetExists, identity }) => createModel(db, assetExists, identity, input),
  },
  Model: {
    __resolveReference: (reference, { modelsById }) => modelsById.load(reference.id),
    asset: (model) => ({ symbol: model.symbol }),
    owner: (model) => ({ id: model.owner_id }),
    createdAt: (model) => model.created_at,
    isDefault: (model) => model.default_key !== null,
  },
  Asset: {
    __resolveReference: (reference) => ({ symbol: reference.symbol }),
    models: (asset, _args, { modelsBySymbol }) => modelsBySymbol.load(asset.symbol),
  },
};
