import type { Generated, Selectable } from 'kysely';

/** The `predictions.model_schedules` table: what the scheduler did last for each PRODUCTION model, in feed time. */
export interface ModelScheduleTable {
  model_id: string;
  /** End of the last bar a scheduled prediction was made for (or skipped as missing). */
  predicted_through: Date | null;
  /** Feed time of the last scheduled retraining. */
  retrained_at: Date | null;
  updated_at: Generated<Date>;
}

/** One row of `predictions.model_schedules`. */
export type ModelScheduleRow = Selectable<ModelScheduleTable>;

/** The `predictions.feed_clock` table: the newest feed time seen per symbol (survives restarts). */
export interface FeedClockTable {
  symbol: string;
  feed_time: Date;
}

/** The `predictions.removed_assets` table: assets the market stopped tracking, which are not scheduled. */
export interface RemovedAssetTable {
  symbol: string;
  removed_at: Generated<Date>;
}
