import DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { PredictionsDatabase } from '../db/predictions-database.js';
import type { ModelRow } from './model.table.js';

const maxModelsPerAsset = 100;

/** Batches `Asset.models` of one operation into a single query (newest 100 per asset). */
export function createModelsBySymbolLoader(db: Kysely<PredictionsDatabase>): DataLoader<string, ModelRow[]> {
  return new DataLoader(async (symbols) => {
    const rows = await db
      .selectFrom('models')
      .selectAll()
      .where('symbol', 'in', symbols)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const bySymbol = new Map<string, ModelRow[]>(symbols.map((symbol) => [symbol, []]));
    for (const row of rows) {
      const list = bySymbol.get(row.symbol);
      if (list && list.length < maxModelsPerAsset) list.push(row);
    }
    return symbols.map((symbol) => bySymbol.get(symbol) ?? []);
  });
}
