import type { MarketDb } from '../db/market-database.js';
import type { FeedStateRow, FeedStateTable } from './feed-state.table.js';

/** What the leader reports about its feed. */
export type FeedReport = Omit<FeedStateTable, 'id'>;

/** Writes the feed's report (one row, replaced). */
export async function saveFeedState(db: MarketDb, report: FeedReport): Promise<void> {
  await db
    .insertInto('feed_state')
    .values({ ...report, id: true })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(report))
    .execute();
}

/** The last report of the feed, or undefined before any feed ran. */
export async function loadFeedState(db: MarketDb): Promise<FeedStateRow | undefined> {
  return db.selectFrom('feed_state').selectAll().executeTakeFirst();
}
