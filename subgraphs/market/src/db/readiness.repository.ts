import type { MarketDb } from './market-database.js';

/** The readiness probe's query: fails unless the market schema answers (the database is reachable and migrated). */
export async function probeMarketSchema(db: MarketDb): Promise<void> {
  await db.selectFrom('assets').select('symbol').limit(1).execute();
}
