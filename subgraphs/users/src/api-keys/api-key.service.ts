import {
  apiKeyRevokedChannel,
  conflict,
  forbidden,
  notFound,
  parseApiKey,
  roleAtLeast,
  unauthenticated,
  type ApiKeyRevokedMessage,
  type EventBus,
  type Identity,
  type VerifiedApiKey,
} from '@cryptograph/core';
import type { UsersDb, UsersSchema } from '../db/users-database.js';
import { validateApiKeyInput, maxActiveApiKeysPerUser } from './api-key-input.js';
import { apiKeyMatches, generateApiKey } from './api-key-secret.js';
import type { ApiKeyRow } from './api-key.table.js';
import { findUserById } from '../users/user.repository.js';
import {
  countActiveApiKeys,
  findActiveApiKeyWithOwner,
  findApiKeyById,
  insertApiKey,
  listApiKeysOfUser,
  revokeApiKeyRow,
  touchApiKey,
} from './api-key.repository.js';

/** A new key: the whole key, returned this once, and its stored row. */
export interface NewApiKey {
  readonly key: string;
  readonly apiKey: ApiKeyRow;
}

/** `last_used_at` is written at most this often per key, so verification stays a read. */
const touchEveryMs = 60_000;

/** Creates a key for the caller; the secret is in the result and nowhere else. */
export async function createApiKey(db: UsersSchema, identity: Identity, input: { name: string; scopes: readonly string[] }): Promise<NewApiKey> {
  const userId = identity.userId!;
  const valid = validateApiKeyInput(input, identity.role);
  const generated = generateApiKey();
  // The owner's row is locked while its keys are counted, so keys created at once cannot pass the cap together.
  const apiKey = await db.transaction().execute(async (trx) => {
    if (!(await findUserById(trx, userId, { lock: true }))) throw unauthenticated();
    if ((await countActiveApiKeys(trx, userId)) >= maxActiveApiKeysPerUser) {
      throw conflict(`You already have ${maxActiveApiKeysPerUser} active API keys; revoke one first.`);
    }
    return insertApiKey(trx, {
      user_id: userId,
      name: valid.name,
      prefix: generated.prefix,
      secret_hash: generated.secretHash,
      scopes: valid.scopes,
      last_used_at: null,
      revoked_at: null,
    });
  });
  return { key: generated.key, apiKey };
}

/** The keys of the caller, or of `userId` for admins. */
export async function listApiKeys(db: UsersDb, identity: Identity, userId: string | null): Promise<ApiKeyRow[]> {
  const owner = userId ?? identity.userId!;
  if (owner !== identity.userId && !roleAtLeast(identity.role, 'ADMIN')) throw forbidden('Only admins can list the keys of other users.');
  return listApiKeysOfUser(db, owner);
}

/** Revokes one of the caller's keys (admins: anyone's) and announces it to every gateway. */
export async function revokeApiKey(db: UsersDb, bus: EventBus, identity: Identity, id: string): Promise<ApiKeyRow> {
  const existing = await findApiKeyById(db, id);
  const mayRevoke = existing && (existing.user_id === identity.userId || roleAtLeast(identity.role, 'ADMIN'));
  if (!existing || !mayRevoke) throw notFound('API key', id);
  const revoked = (await revokeApiKeyRow(db, id))!;
  await bus.publish(apiKeyRevokedChannel, { prefix: revoked.prefix } satisfies ApiKeyRevokedMessage);
  return revoked;
}

/** The owner's current role and the key's scopes, or null for an unknown, revoked or deactivated owner's key. */
export async function verifyApiKey(db: UsersDb, key: string): Promise<VerifiedApiKey | null> {
  const parsed = parseApiKey(key);
  if (!parsed) return null;
  const row = await findActiveApiKeyWithOwner(db, parsed.prefix);
  if (!row || !row.active || !apiKeyMatches(key, row.secret_hash)) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > touchEveryMs) await touchApiKey(db, row.id);
  return { keyId: row.id, prefix: row.prefix, userId: row.user_id, role: row.role, scopes: row.scopes };
}
