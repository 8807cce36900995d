import { badUserInput, pageRequest, toConnection, type Connection, type Role } from '@cryptograph/core';
import type { UsersDb } from '../db/users-database.js';
import { countUsers, isUuid, listUsers, type UserCursor } from '../users/user.repository.js';
import type { UserRow } from '../users/user.table.js';

const maxSearchLength = 100;

/** Decodes a `[createdAtIso, id]` cursor key; null when it is not one. */
function parseUserCursor(raw: unknown): UserCursor | null {
  if (!Array.isArray(raw) || raw.length !== 2) return null;
  const [createdAt, id] = raw as unknown[];
  if (typeof createdAt !== 'string' || typeof id !== 'string' || !isUuid(id)) return null;
  const date = new Date(createdAt);
  return Number.isNaN(date.getTime()) ? null : { createdAt: date, id };
}

/** Arguments of `Query.users`. */
export interface UsersConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly role?: Role | null;
  readonly search?: string | null;
}

/** One page of users, newest first, with the total number matching the filter. */
export async function usersConnection(db: UsersDb, args: UsersConnectionArgs): Promise<Connection<UserRow> & { totalCount: number }> {
  if (args.search && args.search.length > maxSearchLength) throw badUserInput(`"search" must be at most ${maxSearchLength} characters.`, 'search');
  const page = pageRequest(args, parseUserCursor);
  const filter = { role: args.role ?? null, search: args.search?.trim() || null };
  const [rows, totalCount] = await Promise.all([listUsers(db, filter, { limit: page.limit + 1, after: page.after }), countUsers(db, filter)]);
  return { ...toConnection(rows, page, (row) => [row.created_at.toISOString(), row.id]), totalCount };
}
