import type { Generated, Selectable } from 'kysely';
import type { Target } from '../forecasting/bar.js';

/** Whether a prediction's outcome is known. */
export type PredictionStatus = 'PENDING' | 'REALIZED' | 'STALE';

/** The `predictions.predictions` table; `id` is the event id of `predictionCreated`. */
export interface PredictionTable {
  id: Generated<number>;
  model_id: string;
  version_id: string;
  symbol: string;
  target: Target;
  value: number;
  /** Start of the bar at whose close the forecast was made. */
  ts: Date;
  /** Start of the last bar covered (ts + horizon bars). */
  target_ts: Date;
  /** When the outcome is complete: the end of the target bar. */
  outcome_at: Date;
  created_at: Generated<Date>;
  realized: number | null;
  error: number | null;
  status: Generated<PredictionStatus>;
  /** True when bars the forecast was made from were replaced after it was made. */
  restated: Generated<boolean>;
}

/** One row of `predictions.predictions`. */
export type PredictionRow = Selectable<PredictionTable>;
