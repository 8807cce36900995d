import type { AccessTokenSigningKey, Logger } from '@cryptograph/core';
import type { JSONWebKeySet, JWK } from 'jose';
import type { UsersDb } from '../db/users-database.js';
import { deleteRetiredKeys, listVerifiableKeys, recordSigningKey } from './signing-key.repository.js';

/** How often a replica confirms that it still signs with its key. */
const heartbeatMs = 60_000;

/** The public keys of every replica's signing key, shared through the database; rotation needs no other step. */
export interface SigningKeyRegistry {
  /** Every public key whose tokens may still be valid (this replica's, other replicas', and previous keys until their tokens expired). */
  publicKeys(): Promise<JSONWebKeySet>;
  /** Stops confirming this replica's key. */
  close(): void;
}

/**
 * Registers this replica's key in `users.signing_keys` and keeps it published while the replica
 * runs: every minute it pushes the key's `verify_until` to now + access token lifetime + two
 * heartbeats, the longest a token it signed can still be valid. After a key change (a new
 * AUTH_PRIVATE_KEY), the previous key stays in the JWKS until its last tokens have expired, then
 * drops out by itself.
 */
export async function startSigningKeyRegistry(
  db: UsersDb,
  key: AccessTokenSigningKey,
  accessTokenTtlSeconds: number,
  logger: Logger,
): Promise<SigningKeyRegistry> {
  const record = () => recordSigningKey(db, { kid: key.kid, publicJwk: JSON.stringify(key.publicJwk) }, accessTokenTtlSeconds + (2 * heartbeatMs) / 1000);
  await record();
  await deleteRetiredKeys(db);
  const timer = setInterval(() => {
    record().catch((error: unknown) => logger.warn({ err: error }, 'could not confirm the signing key'));
  }, heartbeatMs);
  timer.unref();
  return {
    async publicKeys() {
      return { keys: (await listVerifiableKeys(db)).map((jwk) => JSON.parse(jwk) as JWK) };
    },
    close: () => clearInterval(timer),
  };
}
