import { sql, type Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import type { Target } from '../forecasting/bar.js';

/**
 * The model of an asset and target with the lowest test MSE among versions evaluated on a
 * comparable window: same interval, horizon, evalFrom and evalTo (training holdouts and scoring
 * runs alike). The window shared by the most models wins, the latest on ties.
 */
export async function bestModelId(db: Kysely<PredictionsDatabase>, symbol: string, target: Target): Promise<string | null> {
  const evaluations = await db
    .selectFrom('model_versions as v')
    .innerJoin('models as m', 'm.id', 'v.model_id')
    .select(['m.id as modelId', 'm.interval', 'm.horizon', sql<string>`v.metrics->>'evalFrom'`.as('evalFrom'), sql<string>`v.metrics->>'evalTo'`.as('evalTo'), sql<number>`(v.metrics->>'mseTest')::float8`.as('mse')])
    .where('m.symbol', '=', symbol)
    .where('m.target', '=', target)
    .where('v.stage', '!=', 'ARCHIVED')
    .unionAll(
      db
        .selectFrom('evaluations as e')
        .innerJoin('model_versions as v', 'v.id', 'e.version_id')
        .innerJoin('models as m', 'm.id', 'v.model_id')
        .select(['m.id as modelId', 'm.interval', 'm.horizon', sql<string>`e.metrics->>'evalFrom'`.as('evalFrom'), sql<string>`e.metrics->>'evalTo'`.as('evalTo'), sql<number>`(e.metrics->>'mseTest')::float8`.as('mse')])
        .where('m.symbol', '=', symbol)
        .where('m.target', '=', target)
        .where('v.stage', '!=', 'ARCHIVED'),
    )
    .execute();
  const groups = new Map<string, { models: Set<string>; evalTo: string; best: { modelId: string; mse: number } }>();
  for (const row of evaluations) {
    const key = `${row.interval}|${row.horizon}|${row.evalFrom}|${row.evalTo}`;
    const mse = Number(row.mse);
    const group = groups.get(key);
    if (!group) groups.set(key, { models: new Set([row.modelId]), evalTo: row.evalTo, best: { modelId: row.modelId, mse } });
    else {
      group.models.add(row.modelId);
      if (mse < group.best.mse) group.best = { modelId: row.modelId, mse };
    }
  }
  const ranked = [...groups.values()].sort((a, b) => b.models.size - a.models.size || b.evalTo.localeCompare(a.evalTo));
  return ranked[0]?.best.modelId ?? null;
}
