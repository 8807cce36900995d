/**
 * What the gateway and the users subgraph agree on about API keys: the key format, the scopes,
 * and the internal verification route (the revocation event is in `bus/users-channels.ts`).
 */
import type { Role } from './identity.js';

/** Scopes an API key can carry; each narrows what its owner's role allows. */
export const apiKeyScopes = ['read:market', 'read:predictions', 'write:market', 'write:models', 'admin:users'] as const;

/** One API key scope. */
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** Every key starts with this, so leaked keys are easy to recognise (secret scanners, logs). */
export const apiKeyMarker = 'cgk';

/** `cgk_<8-char prefix>_<43-char secret>`; the prefix identifies the key and is shown in listings. */
const apiKeyPattern = /^cgk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

/** The parts of a well-formed key; null when `key` does not have the API key format. */
export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = apiKeyPattern.exec(key);
  return match ? { prefix: `${apiKeyMarker}_${match[1]!}`, secret: match[2]! } : null;
}

/** Path of the users subgraph's internal route that verifies a key (identity-signed by the gateway). */
export const verifyApiKeyPath = '/internal/api-keys/verify';

/** Scope of the identity the gateway signs to call the verification route; never granted to a key. */
export const verifyApiKeyScope = 'internal:verify-api-key';

/** What the verification route answers for a valid key: the owner's current role and the key's scopes. */
export interface VerifiedApiKey {
  readonly keyId: string;
  readonly prefix: string;
  readonly userId: string;
  readonly role: Role;
  readonly scopes: readonly string[];
}
