import type { MarketDb } from '../db/market-database.js';
import type { AssetRow } from './asset.table.js';

/** One asset by its upper-case symbol, active or not. */
export async function findAsset(db: MarketDb, symbol: string): Promise<AssetRow | undefined> {
  return db.selectFrom('assets').selectAll().where('symbol', '=', symbol).executeTakeFirst();
}

/** Assets by symbol, for entity resolution in one query. */
export async function findAssets(db: MarketDb, symbols: readonly string[]): Promise<AssetRow[]> {
  if (symbols.length === 0) return [];
  return db.selectFrom('assets').selectAll().where('symbol', 'in', symbols).execute();
}

/** Active assets in symbol order after `afterSymbol`, optionally filtered by symbol or name. */
export async function listActiveAssets(db: MarketDb, options: { limit: number; afterSymbol: string | null; search: string | null }): Promise<AssetRow[]> {
  let query = db.selectFrom('assets').selectAll().where('active', '=', true);
  if (options.afterSymbol) query = query.where('symbol', '>', options.afterSymbol);
  if (options.search) {
    const pattern = `%${options.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where((eb) => eb.or([eb('symbol', 'ilike', pattern), eb('name', 'ilike', pattern)]));
  }
  return query.orderBy('symbol').limit(options.limit).execute();
}

/** Inserts the given assets; existing ones are left as they are. Returns the symbols inserted. */
export async function insertAssetsIfMissing(db: MarketDb, assets: readonly { symbol: string; name: string; quote: string }[]): Promise<string[]> {
  if (assets.length === 0) return [];
  const rows = await db
    .insertInto('assets')
    .values(assets.map((asset) => ({ ...asset })))
    .onConflict((conflict) => conflict.column('symbol').doNothing())
    .returning('symbol')
    .execute();
  return rows.map((row) => row.symbol);
}

/** Adds an asset, or reactivates it when it was removed; returns the row. */
export async function upsertActiveAsset(db: MarketDb, asset: { symbol: string; name: string; quote: string }): Promise<AssetRow> {
  return db
    .insertInto('assets')
    .values({ ...asset, active: true })
    .onConflict((conflict) => conflict.column('symbol').doUpdateSet({ active: true }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deactivates an active asset; true when it was active. */
export async function deactivateAsset(db: MarketDb, symbol: string): Promise<boolean> {
  const result = await db.updateTable('assets').set({ active: false }).where('symbol', '=', symbol).where('active', '=', true).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Symbols of the active assets. */
export async function activeSymbols(db: MarketDb): Promise<string[]> {
  const rows = await db.selectFrom('assets').select('symbol').where('active', '=', true).orderBy('symbol').execute();
  return rows.map((row) => row.symbol);
}
