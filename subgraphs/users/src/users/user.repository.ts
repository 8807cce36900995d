import { sql } from 'kysely';
import type { Role } from '@cryptograph/core';
import type { UsersDb, UsersTransaction } from '../db/users-database.js';
import type { NewUserRow, UserRow, UserRowUpdate } from './user.table.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` is uuid text; other ids can match no row and are never sent to Postgres. */
export function isUuid(id: string): boolean {
  return uuidPattern.test(id);
}

/** One user by id; undefined when unknown or not a uuid. `lock` locks the row until the transaction ends. */
export async function findUserById(db: UsersDb, id: string, options: { lock?: boolean } = {}): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  let query = db.selectFrom('users').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Users by id in one query, for entity resolution; non-uuid ids are skipped. */
export async function findUsersByIds(db: UsersDb, ids: readonly string[]): Promise<UserRow[]> {
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  return db.selectFrom('users').selectAll().where('id', 'in', valid).execute();
}

/** One user whose `column` equals `value`, ignoring case (as the unique indexes on them do). */
function findUserIgnoringCase(db: UsersDb, column: 'email' | 'username', value: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(${sql.ref(column)})`, '=', value.toLowerCase())
    .executeTakeFirst();
}

/** One user by email (case-insensitive). */
export function findUserByEmail(db: UsersDb, email: string): Promise<UserRow | undefined> {
  return findUserIgnoringCase(db, 'email', email);
}

/** One user by username (case-insensitive). */
export function findUserByUsername(db: UsersDb, username: string): Promise<UserRow | undefined> {
  return findUserIgnoringCase(db, 'username', username);
}

/** Inserts a user; a duplicate email or username fails with a unique violation of `users_email_key` / `users_username_key`. */
export async function insertUser(db: UsersDb, user: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

/** Updates a user and its `updated_at`; undefined when it does not exist. */
export async function updateUser(db: UsersDb, id: string, changes: UserRowUpdate): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a user (its refresh tokens go with it); false when it did not exist. */
export async function deleteUserRow(db: UsersDb, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Ids of all active admins, locked until the transaction ends (so concurrent demotions serialize). */
export async function lockActiveAdminIds(db: UsersTransaction): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where('role', '=', 'ADMIN').where('active', '=', true).orderBy('id').forUpdate().execute();
  return rows.map((row) => row.id);
}

/** Filter of the users listing. */
export interface UserFilter {
  readonly role: Role | null;
  readonly search: string | null;
}

/** Position in the newest-first listing: the last row's creation time and id. */
export interface UserCursor {
  readonly createdAt: Date;
  readonly id: string;
}

function filtered(db: UsersDb, filter: UserFilter) {
  let query = db.selectFrom('users');
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where((eb) => eb.or([eb('username', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  return query;
}

/** Up to `limit` users newest first (by created_at, then id), after `after` when given. */
export async function listUsers(db: UsersDb, filter: UserFilter, options: { limit: number; after: UserCursor | null }): Promise<UserRow[]> {
  let query = filtered(db, filter).selectAll();
  const after = options.after;
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/** How many users match `filter`. */
export async function countUsers(db: UsersDb, filter: UserFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** How many active admins there are. */
export async function countActiveAdmins(db: UsersDb): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('role', '=', 'ADMIN')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
