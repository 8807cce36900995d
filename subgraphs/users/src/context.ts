import type { BaseContext, EventBus, Identity } from '@cryptograph/core';
import type DataLoader from 'dataloader';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { SignupThrottle } from './auth/signup-throttle.js';
import type { TokenSettings } from './auth/token-issuer.js';
import type { UsersSchema } from './db/users-database.js';
import type { SessionAnnouncer } from './sessions/session-announcer.js';
import { createUsersByIdLoader } from './users/users-by-id.js';
import type { UserRow } from './users/user.table.js';

/** Long-lived parts of the users service that its operations use. */
export interface UsersParts {
  readonly db: UsersSchema;
  readonly bus: EventBus;
  /** How access and refresh tokens are signed and how long they live. */
  readonly tokenSettings: TokenSettings;
  readonly loginThrottle: LoginThrottle;
  readonly signupThrottle: SignupThrottle;
  /** Announces a changed session to every gateway. */
  readonly sessions: SessionAnnouncer;
}

/** Per-operation context of the users subgraph, for HTTP and WebSocket alike. */
export interface Context extends BaseContext, UsersParts {
  readonly usersById: DataLoader<string, UserRow | null>;
  /** Users the caller proved to be in this operation (signup, login, refresh): they see their own email. */
  readonly signedInUserIds: Set<string>;
}

/** Builds the one context factory of the users subgraph. */
export function contextFactory(parts: UsersParts): (identity: Identity) => Context {
  return (identity) => ({ ...parts, identity, usersById: createUsersByIdLoader(parts.db), signedInUserIds: new Set() });
}
