import type { PredictionsDb } from '../db/predictions-database.js';
import type { Interval, Target } from '../forecasting/bar.js';
import { modelIdsFor } from '../models/model.repository.js';
import { pickBestModel, type Candidate, type CandidateEvaluation } from './best-model-rule.js';
import { evaluationsOfVersions, type StoredEvaluation } from './evaluation.repository.js';
import { liveVersionsOfModels } from './model-version.repository.js';
import type { ModelVersionRow } from './model-version.table.js';

/** The windows a version was evaluated on: its training run's validation window, then its scoring runs (the newest run per window). */
function evaluationsOf(version: ModelVersionRow, scorings: readonly StoredEvaluation[]): CandidateEvaluation[] {
  const out: CandidateEvaluation[] = [];
  const { metrics } = version;
  if (metrics.validationFrom && metrics.validationTo && typeof metrics.mseValidation === 'number')
    out.push({ from: metrics.validationFrom, to: metrics.validationTo, mse: metrics.mseValidation });
  // Versions trained before validation windows existed were scored on one holdout window.
  if (metrics.validationFrom === undefined && metrics.evalFrom) out.push({ from: metrics.evalFrom, to: metrics.evalTo, mse: metrics.mseTest });
  for (const scoring of scorings)
    if (scoring.from && scoring.to) out.push({ from: scoring.from.toISOString(), to: scoring.to.toISOString(), mse: scoring.metrics.mseTest });
  return out;
}

/**
 * `Query.bestModel`: among the asset's models with this target, interval and horizon, each
 * represented by its PRODUCTION version (else its newest), the one `pickBestModel` chooses.
 */
export async function bestModelId(db: PredictionsDb, symbol: string, target: Target, interval: Interval, horizon: number): Promise<string | null> {
  const versions = await liveVersionsOfModels(db, await modelIdsFor(db, { symbol, target, interval, horizon }));
  const representative = new Map<string, ModelVersionRow>();
  for (const version of versions) {
    const current = representative.get(version.model_id);
    if (!current || (version.stage === 'PRODUCTION' && current.stage !== 'PRODUCTION')) representative.set(version.model_id, version);
  }
  const chosen = [...representative.values()];
  if (chosen.length === 0) return null;
  const scorings = await evaluationsOfVersions(
    db,
    chosen.map((version) => version.id),
  );
  const candidates: Candidate[] = chosen.map((version) => ({
    modelId: version.model_id,
    evaluations: evaluationsOf(
      version,
      scorings.filter((scoring) => scoring.versionId === version.id),
    ),
  }));
  return pickBestModel(candidates);
}
