import type { Resolvers } from '../generated/resolvers-types.js';
import { parseHorizon } from '../models/model-input.js';
import { bestModelId } from './best-model.js';
import { latestEvaluation } from './evaluation.repository.js';
import { findVersion, productionVersion } from './model-version.repository.js';
import { promoteVersion } from './promote-version.js';
import { rollbackModel } from './rollback-model.js';

const maxVersions = 100;

/** Resolvers of model versions, their stages, promotions and evaluations. */
export const versionResolvers: Resolvers = {
  Query: {
    bestModel: async (_parent, { symbol, target, interval, horizon }, { db, modelsById }) => {
      const id = await bestModelId(db, symbol.trim().toUpperCase(), target, interval ?? 'D1', parseHorizon(horizon ?? 1));
      return id ? modelsById.load(id) : null;
    },
    modelEvaluation: async (_parent, { versionId }, { db }) => {
      const version = await findVersion(db, versionId);
      if (!version) return null;
      return (await latestEvaluation(db, versionId)) ?? version.metrics;
    },
  },
  Mutation: {
    promoteModelVersion: (_parent, { versionId, stage }, { db, identity }) => promoteVersion(db, identity, versionId, stage),
    rollbackModel: (_parent, { modelId }, { db, identity }) => rollbackModel(db, identity, modelId),
  },
  Model: {
    versions: async (model, { first }, { versionsByModel }) => (await versionsByModel.load(model.id)).slice(0, Math.min(maxVersions, Math.max(1, first ?? 20))),
    latestVersion: async (model, _args, { versionsByModel }) => (await versionsByModel.load(model.id))[0] ?? null,
    productionVersion: async (model, _args, { versionsByModel, db }) =>
      (await versionsByModel.load(model.id)).find((version) => version.stage === 'PRODUCTION') ?? (await productionVersion(db, model.id)) ?? null,
  },
  ModelVersion: {
    trainFrom: (version) => version.train_from,
    trainTo: (version) => version.train_to,
    trainedAt: (version) => version.trained_at,
    dataFingerprint: (version) => version.data_fingerprint,
    model: async (version, _args, { modelsById }) => (await modelsById.load(version.model_id))!,
    promotions: (version, _args, { promotionsByVersion }) => promotionsByVersion.load(version.id),
    stageHistory: (version, _args, { promotionsByVersion }) => promotionsByVersion.load(version.id),
  },
  Promotion: {
    fromStage: (promotion) => promotion.from_stage,
    by: (promotion) => (promotion.by ? { id: promotion.by } : null),
    championSkill: (promotion) => promotion.champion_skill,
    challengerSkill: (promotion) => promotion.challenger_skill,
    evalFrom: (promotion) => promotion.eval_from,
    evalTo: (promotion) => promotion.eval_to,
  },
  StageChange: {
    from: (change) => change.from_stage,
    to: (change) => change.stage,
    changedBy: (change) => (change.by ? { id: change.by } : null),
    changedAt: (change) => change.at,
  },
};
