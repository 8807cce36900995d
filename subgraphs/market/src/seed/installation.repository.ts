import { sql } from 'kysely';
import type { MarketDb } from '../db/market-database.js';

/** Arbitrary constant key of the advisory lock that serializes seeding between replicas. */
const seedLockKey = 72_416_001;

/** What the installation row says about the seeding: when and by which seeding version. */
export interface InstallationSeeding {
  readonly seededAt: Date;
  readonly seedVersion: number;
}

/** Waits for, then holds until the end of the caller's transaction, the lock that serializes seeding between replicas. */
export async function lockSeeding(trx: MarketDb): Promise<void> {
  await sql`select pg_advisory_xact_lock(${seedLockKey})`.execute(trx);
}

/** The installation's seeding record; undefined before the first seeding. */
export async function findInstallation(db: MarketDb): Promise<InstallationSeeding | undefined> {
  const row = await db.selectFrom('installation').select(['seeded_at', 'seed_version']).executeTakeFirst();
  return row && { seededAt: row.seeded_at, seedVersion: row.seed_version };
}

/** Records the first seeding of the installation. */
export async function insertInstallation(db: MarketDb, seedVersion: number): Promise<void> {
  await db.insertInto('installation').values({ seeded_at: new Date(), seed_version: seedVersion }).execute();
}

/** Records that an older installation was brought up to `seedVersion`. */
export async function updateSeedVersion(db: MarketDb, seedVersion: number): Promise<void> {
  await db.updateTable('installation').set({ seed_version: seedVersion }).execute();
}
