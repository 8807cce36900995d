import type { BaseContext, Identity } from '@cryptograph/core';
import type DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { ApiKeyService } from './api-keys/api-key.service.js';
import type { AuthService } from './auth/auth.service.js';
import type { UsersDatabase } from './db/users-database.js';
import { createUsersByIdLoader } from './users/users-by-id.js';
import type { UserRow } from './users/user.table.js';

/** Per-operation context of the users subgraph, for HTTP and WebSocket alike. */
export interface Context extends BaseContext {
  readonly db: Kysely<UsersDatabase>;
  readonly auth: AuthService;
  readonly apiKeys: ApiKeyService;
  readonly usersById: DataLoader<string, UserRow | null>;
  /** Users the caller proved to be in this operation (signup, login, refresh): they see their own email. */
  readonly signedInUserIds: Set<string>;
}

/** Builds the one context factory of the users subgraph. */
export function contextFactory(db: Kysely<UsersDatabase>, auth: AuthService, apiKeys: ApiKeyService): (identity: Identity) => Context {
  return (identity) => ({ identity, db, auth, apiKeys, usersById: createUsersByIdLoader(db), signedInUserIds: new Set() });
}
