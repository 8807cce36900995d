/**
 * What the gateway and the users subgraph agree on about sessions and token keys: the internal
 * routes the gateway reads session state and public keys from, and their scopes (the event that
 * announces a changed session is in `bus/users-channels.ts`).
 */
import type { Role } from './identity.js';

/** A user's current session state as the users subgraph holds it. */
export interface SessionState {
  readonly userId: string;
  /** The user's current role; the gateway acts with it, never with the role inside a token. */
  readonly role: Role;
  /** Access tokens carrying an older version (`sv`) are refused. */
  readonly version: number;
}

/** Path of the users subgraph's internal route answering `{ session: SessionState | null }` for `{ userId }` (null: deleted or deactivated). */
export const sessionStatePath = '/internal/sessions/state';

/** Scope of the identity the gateway signs to read session states; never granted to a key. */
export const sessionStateScope = 'internal:session-state';

/** Path of the users subgraph's internal route serving the public keys of access tokens as a JWKS. */
export const accessTokenKeysPath = '/internal/access-token-keys';

/** Scope of the identity the gateway signs to read the public keys; never granted to a key. */
export const accessTokenKeysScope = 'internal:access-token-keys';
