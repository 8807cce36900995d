import DataLoader from 'dataloader';
import type { UsersDb } from '../db/users-database.js';
import { findUsersByIds } from './user.repository.js';
import type { UserRow } from './user.table.js';

/** Batches the user lookups of one operation (entity resolution, `user(id)`) into a single query. */
export function createUsersByIdLoader(db: UsersDb): DataLoader<string, UserRow | null> {
  return new DataLoader(async (ids) => {
    const rows = await findUsersByIds(db, ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  });
}
