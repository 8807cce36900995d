import type { BaseContext, Identity } from '@cryptograph/core';
import type DataLoader from 'dataloader';
import type { Kysely } from 'kysely';
import type { AdminService } from './admin/admin.service.js';
import type { ApiKeyService } from './api-keys/api-key.service.js';
import type { AuthService } from './auth/auth.service.js';
import type { UsersDatabase } from './db/users-database.js';
import { createUsersByIdLoader } from './users/users-by-id.js';
import type { UserRow } from './users/user.table.js';

/** Per-operation context of the users subgraph, for HTTP and WebSocket alike. */
export interface Context extends BaseContext {
  readonly db: Kysely<UsersDatabase>;
  readonly auth: AuthService;
  readonly admin: AdminService;
  readonly apiKeys: ApiKeyService;
  readonly usersById: DataLoader<string, UserRow | null>;
  /** Users the caller proved to be in this operation (signup, login, refresh): they see their own email. */
  readonly signedInUserIds: Set<string>;
}

/** The services every operation of the users subgraph may use. */
export interface UsersServices {
  readonly auth: AuthService;
  readonly admin: AdminService;
  readonly apiKeys: ApiKeyService;
}

/** Builds the one context factory of the users subgraph. */
export function contextFactory(db: Kysely<UsersDatabase>, services: UsersServices): (identity: Identity) => Context {
  return (identity) => ({ identity, db, ...services, usersById: createUsersByIdLoader(db), signedInUserIds: new Set() });
}
