import type { Generated, Selectable } from 'kysely';

/** The `market.assets` table: tracked assets; removal only clears `active`. */
export interface AssetTable {
  symbol: string;
  name: string;
  quote: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

/** One row of `market.assets`. */
export type AssetRow = Selectable<AssetTable>;
