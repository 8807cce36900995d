import type { Resolvers } from '../generated/resolvers-types.js';
import { isUuid } from '../models/models-by-id.js';
import { bestModelId } from './best-model.js';
import { findVersion, latestEvaluation, stageHistory } from './model-version.repository.js';
import { promoteVersion } from './promote-version.js';

/** Resolvers of model versions, their stages and evaluations. */
export const versionResolvers: Resolvers = {
  Query: {
    bestModel: async (_parent, { symbol, target }, { db, modelsById }) => {
      const id = await bestModelId(db, symbol.trim().toUpperCase(), target);
      return id ? modelsById.load(id) : null;
    },
    modelEvaluation: async (_parent, { versionId }, { db }) => {
      if (!isUuid(versionId)) return null;
      const version = await findVersion(db, versionId);
      if (!version) return null;
      return (await latestEvaluation(db, versionId)) ?? version.metrics;
    },
  },
  Mutation: {
    promoteModelVersion: (_parent, { versionId, stage }, { db, identity }) => promoteVersion(db, identity, versionId, stage),
  },
  Model: {
    versions: (model, _args, { versionsByModel }) => versionsByModel.load(model.id),
    latestVersion: async (model, _args, { versionsByModel }) => (await versionsByModel.load(model.id))[0] ?? null,
    productionVersion: async (model, _args, { versionsByModel }) => (await versionsByModel.load(model.id)).find((version) => version.stage === 'PRODUCTION') ?? null,
  },
  ModelVersion: {
    trainFrom: (version) => version.train_from,
    trainTo: (version) => version.train_to,
    trainedAt: (version) => version.trained_at,
    dataFingerprint: (version) => version.data_fingerprint,
    model: async (version, _args, { modelsById }) => (await modelsById.load(version.model_id))!,
    stageHistory: (version, _args, { db }) => stageHistory(db, version.id),
  },
  StageChange: {
    from: (change) => change.from_stage,
    to: (change) => change.to_stage,
    changedBy: (change) => (change.changed_by ? { id: change.changed_by } : null),
    changedAt: (change) => change.changed_at,
  },
};
