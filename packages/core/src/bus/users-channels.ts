/**
 * The users subgraph's event-bus contract: channel names and payloads (JSON) that every gateway
 * consumes to end access at once. Publishers and consumers import these; no service restates them.
 */

/**
 * A user's session version changed (logout, password change, role change, deactivation, deletion,
 * refresh token reuse): every gateway forgets what it knows of the user and checks the user's
 * credentials again. `UserSessionChangedMessage`.
 */
export const userSessionChangedChannel = 'users.session-changed';

/** Payload of one message on `userSessionChangedChannel`. */
export interface UserSessionChangedMessage {
  readonly userId: string;
}

/** An API key was revoked (by its owner, an admin, or with its owner's role or account): `ApiKeyRevokedMessage`. */
export const apiKeyRevokedChannel = 'api-keys.revoked';

/** Payload of one message on `apiKeyRevokedChannel`. */
export interface ApiKeyRevokedMessage {
  /** The key's public prefix (`cgk_xxxxxxxx`). */
  readonly prefix: string;
}
