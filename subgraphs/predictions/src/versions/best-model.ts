import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import type { Interval, Target } from '../forecasting/bar.js';
import { pickBestModel, type Candidate, type CandidateEvaluation } from './best-model-rule.js';
import type { ModelVersionRow } from './model-version.table.js';

/** The windows a version was evaluated on: its training run's validation window, then its scoring runs (the newest run per window). */
function evaluationsOf(version: ModelVersionRow, scorings: { window_from: Date | null; window_to: Date | null; mse: number }[]): CandidateEvaluation[] {
  const out: CandidateEvaluation[] = [];
  const { metrics } = version;
  if (metrics.validationFrom && metrics.validationTo && typeof metrics.mseValidation === 'number') out.push({ from: metrics.validationFrom, to: metrics.validationTo, mse: metrics.mseValidation });
  // Versions trained before validation windows existed were scored on one holdout window.
  if (metrics.validationFrom === undefined && metrics.evalFrom) out.push({ from: metrics.evalFrom, to: metrics.evalTo, mse: metrics.mseTest });
  for (const scoring of scorings) if (scoring.window_from && scoring.window_to) out.push({ from: scoring.window_from.toISOString(), to: scoring.window_to.toISOString(), mse: scoring.mse });
  return out;
}

/**
 * `Query.bestModel`: among the asset's models with this target, interval and horizon, each
 * represented by its PRODUCTION version (else its newest), the one `pickBestModel` chooses.
 */
export async function bestModelId(db: Kysely<PredictionsDatabase>, symbol: string, target: Target, interval: Interval, horizon: number): Promise<string | null> {
  const models = await db.selectFrom('models').select('id').where('symbol', '=', symbol).where('target', '=', target).where('interval', '=', interval).where('horizon', '=', horizon).execute();
  if (models.length === 0) return null;
  const versions = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('model_id', 'in', models.map((model) => model.id))
    .where('stage', '!=', 'ARCHIVED')
    .orderBy('version', 'desc')
    .execute();
  const representative = new Map<string, ModelVersionRow>();
  for (const version of versions) {
    const current = representative.get(version.model_id);
    if (!current || (version.stage === 'PRODUCTION' && current.stage !== 'PRODUCTION')) representative.set(version.model_id, version);
  }
  const chosen = [...representative.values()];
  if (chosen.length === 0) return null;
  const scorings = await db
    .selectFrom('evaluations')
    .select(['version_id', 'window_from', 'window_to', 'metrics', 'created_at'])
    .where('version_id', 'in', chosen.map((version) => version.id))
    .orderBy('created_at', 'desc')
    .execute();
  const candidates: Candidate[] = chosen.map((version) => ({
    modelId: version.model_id,
    evaluations: evaluationsOf(version, scorings.filter((scoring) => scoring.version_id === version.id).map((scoring) => ({ window_from: scoring.window_from, window_to: scoring.window_to, mse: scoring.metrics.mseTest }))),
  }));
  return pickBestModel(candidates);
}
