import { apiKeyMarker } from '@cryptograph/core';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A freshly generated key: the whole key (shown once), its public prefix and the hash to store. */
export interface GeneratedApiKey {
  readonly key: string;
  readonly prefix: string;
  readonly secretHash: string;
}

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Hex SHA-256 of a whole key. A fast hash is right here: the secret has 256 random bits, so there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Generates a key: `cgk_` + 8 random alphanumerics (the prefix) + `_` + 32 random bytes in base64url. */
export function generateApiKey(): GeneratedApiKey {
  const prefixBytes = randomBytes(8);
  const prefix = `${apiKeyMarker}_${Array.from(prefixBytes, (byte) => alphanumeric[byte % alphanumeric.length]).join('')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

/** Compares a presented key with a stored hash in constant time. */
export function apiKeyMatches(key: string, secretHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
