import DataLoader from 'dataloader';
import type { PredictionsDb } from '../db/predictions-database.js';
import { modelsOfSymbols } from './model.repository.js';
import type { ModelRow } from './model.table.js';

const maxModelsPerAsset = 100;

/** Batches `Asset.models` of one operation into a single query (newest 100 per asset). */
export function createModelsBySymbolLoader(db: PredictionsDb): DataLoader<string, ModelRow[]> {
  return new DataLoader(async (symbols) => {
    const rows = await modelsOfSymbols(db, symbols);
    const bySymbol = new Map<string, ModelRow[]>(symbols.map((symbol) => [symbol, []]));
    for (const row of rows) {
      const list = bySymbol.get(row.symbol);
      if (list && list.length < maxModelsPerAsset) list.push(row);
    }
    return symbols.map((symbol) => bySymbol.get(symbol) ?? []);
  });
}
