import type { ColumnType, Generated, Selectable } from 'kysely';

/** The `predictions.models` table: registered models. */
export interface ModelTable {
  id: Generated<string>;
  name: string;
  symbol: string;
  target: 'VOLATILITY' | 'RETURN';
  algorithm: 'NAIVE' | 'EWMA' | 'RIDGE' | 'HAR' | 'LOG_HAR' | 'COMBINED';
  interval: 'M1' | 'M5' | 'M15' | 'H1' | 'H4' | 'D1';
  horizon: number;
  params: ColumnType<Record<string, unknown>, string, string>;
  owner_id: string;
  created_at: Generated<Date>;
  /** Which default model of its asset this is (e.g. `daily-volatility`); null for models users created. */
  default_key: string | null;
}

/** One row of `predictions.models`. */
export type ModelRow = Selectable<ModelTable>;
