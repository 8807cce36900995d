import { sql } from 'kysely';
import type { MarketDb } from '../db/market-database.js';

/**
 * Runs `whileHeld` on one dedicated connection while it holds the session-level advisory lock
 * `key` (taken with `pg_try_advisory_lock`, so this never waits): resolves false at once when
 * another session holds it. `whileHeld` gets a liveness check that fails when the connection (and
 * with it the lock) is gone. The lock is released when `whileHeld` returns, or by Postgres when
 * the connection or the process dies.
 */
export async function withAdvisoryLock(db: MarketDb, key: number, whileHeld: (stillHeld: () => Promise<void>) => Promise<void>): Promise<boolean> {
  return db.connection().execute(async (connection) => {
    const result = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(connection);
    if (!result.rows[0]?.locked) return false;
    try {
      await whileHeld(async () => {
        await sql`select 1`.execute(connection);
      });
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection).catch(() => undefined);
    }
    return true;
  });
}
