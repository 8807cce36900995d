import { sql } from 'kysely';
import type { UsersDb } from '../db/users-database.js';
import { isUuid } from '../users/user.repository.js';
import type { ApiKeyRow, NewApiKeyRow } from './api-key.table.js';

/** Stores a new key. */
export async function insertApiKey(db: UsersDb, key: NewApiKeyRow): Promise<ApiKeyRow> {
  return db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

/** A user's keys, newest first, revoked ones included. */
export async function listApiKeysOfUser(db: UsersDb, userId: string): Promise<ApiKeyRow[]> {
  if (!isUuid(userId)) return [];
  return db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** How many not revoked keys a user has. */
export async function countActiveApiKeys(db: UsersDb, userId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** One key by id; undefined when unknown or not a uuid. */
export async function findApiKeyById(db: UsersDb, id: string): Promise<ApiKeyRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A not revoked key by prefix with its owner's current role and state; undefined when there is none. */
export async function findActiveApiKeyWithOwner(db: UsersDb, prefix: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([
      'api_keys.id',
      'api_keys.prefix',
      'api_keys.secret_hash',
      'api_keys.scopes',
      'api_keys.user_id',
      'api_keys.last_used_at',
      'users.role',
      'users.active',
    ])
    .where('api_keys.prefix', '=', prefix)
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Marks a key revoked; returns the row, or undefined when it was unknown. Revoking twice keeps the first time. */
export async function revokeApiKeyRow(db: UsersDb, id: string): Promise<ApiKeyRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db
    .updateTable('api_keys')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** The user's not revoked keys. */
export async function listActiveApiKeysOfUser(db: UsersDb, userId: string): Promise<ApiKeyRow[]> {
  if (!isUuid(userId)) return [];
  return db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}

/** Revokes the given not yet revoked keys at once. */
export async function revokeApiKeyRows(db: UsersDb, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('api_keys')
    .set({ revoked_at: sql`now()` })
    .where('id', 'in', ids)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Records that a key was used now. */
export async function touchApiKey(db: UsersDb, id: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
