import type { Role } from '@cryptograph/core';
import type { UsersDb } from '../db/users-database.js';
import { scopeAllowedFor } from './api-key-input.js';
import { listActiveApiKeysOfUser, revokeApiKeyRows } from './api-key.repository.js';

/** Revokes every key of a user (deactivation), so reactivating the account would not bring them back. */
export async function revokeAllKeysOfUser(db: UsersDb, userId: string): Promise<void> {
  const keys = await listActiveApiKeysOfUser(db, userId);
  await revokeApiKeyRows(
    db,
    keys.map((key) => key.id),
  );
}

/**
 * Revokes the keys of a user that carry a scope its new `role` may not hold (a demoted admin's
 * `admin:users` key, a demoted analyst's `write:models` key); its other keys keep working, with the
 * new role.
 */
export async function revokeKeysBeyondRole(db: UsersDb, userId: string, role: Role): Promise<void> {
  const keys = await listActiveApiKeysOfUser(db, userId);
  const beyond = keys.filter((key) => key.scopes.some((scope) => !scopeAllowedFor(scope, role)));
  await revokeApiKeyRows(
    db,
    beyond.map((key) => key.id),
  );
}
