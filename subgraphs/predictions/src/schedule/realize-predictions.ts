import type { Logger } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import { intervalMs } from '../forecasting/bar.js';
import { realizedTarget } from '../forecasting/series.js';
import type { FetchCandles } from '../market/market-client.js';
import { duePredictions } from '../predictions/prediction.repository.js';

/**
 * Fills in the outcome of the asset's pending predictions that are due at `asOf`: the realized
 * target from the bars t … t+h and the error (realized − value). A prediction whose bars are still
 * missing one bar after it was due is marked STALE.
 */
export async function realizeDue(deps: { db: Kysely<PredictionsDatabase>; fetchCandles: FetchCandles; logger: Logger }, symbol: string, asOf: Date): Promise<number> {
  const due = await duePredictions(deps.db, symbol, asOf);
  let realized = 0;
  for (const prediction of due) {
    const model = await deps.db.selectFrom('models').select(['interval', 'horizon', 'target']).where('id', '=', prediction.model_id).executeTakeFirstOrThrow();
    const step = intervalMs[model.interval];
    const bars = await deps.fetchCandles(symbol, model.interval, prediction.ts, prediction.outcome_at);
    const complete = bars.length === model.horizon + 1 && bars.every((bar, k) => bar.ts === prediction.ts.getTime() + k * step);
    if (complete) {
      const value = realizedTarget(bars, 0, model.target, model.horizon);
      await deps.db.updateTable('predictions').set({ status: 'REALIZED', realized: value, error: value - prediction.value }).where('id', '=', prediction.id).where('status', '=', 'PENDING').execute();
      realized += 1;
    } else if (asOf.getTime() >= prediction.outcome_at.getTime() + step) {
      await deps.db.updateTable('predictions').set({ status: 'STALE' }).where('id', '=', prediction.id).where('status', '=', 'PENDING').execute();
    }
  }
  return realized;
}
