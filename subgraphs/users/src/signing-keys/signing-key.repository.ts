import { sql } from 'kysely';
import type { UsersDb } from '../db/users-database.js';

/** Records (or keeps recording) that tokens signed with `kid` may be valid until `seconds` from now. */
export async function recordSigningKey(db: UsersDb, key: { kid: string; publicJwk: string }, seconds: number): Promise<void> {
  const verifyUntil = sql<Date>`now() + make_interval(secs => ${seconds})`;
  await db
    .insertInto('signing_keys')
    .values({ kid: key.kid, public_jwk: key.publicJwk, verify_until: verifyUntil })
    .onConflict((conflict) => conflict.column('kid').doUpdateSet({ verify_until: sql<Date>`greatest(signing_keys.verify_until, excluded.verify_until)` }))
    .execute();
}

/** Public JWKs (JSON text) of the keys whose tokens may still be valid, newest first. */
export async function listVerifiableKeys(db: UsersDb): Promise<string[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .select('public_jwk')
    .where('verify_until', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => row.public_jwk);
}

/** Deletes keys that stopped being published more than a day ago. */
export async function deleteRetiredKeys(db: UsersDb): Promise<void> {
  await db
    .deleteFrom('signing_keys')
    .where('verify_until', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
}
