import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A freshly generated refresh token: what the client gets and what is stored. */
export interface GeneratedRefreshToken {
  /** Row id, also the token's public prefix. */
  readonly id: string;
  /** `<id>.<secret>`, handed to the client once. */
  readonly token: string;
  /** Hex SHA-256 of the secret part; the only thing stored. */
  readonly hash: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const secretPattern = /^[A-Za-z0-9_-]{43}$/;

/** Hex SHA-256 of a refresh token's secret part. */
export function hashRefreshSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Generates an opaque refresh token `<uuid>.<32 random bytes base64url>`. */
export function generateRefreshToken(): GeneratedRefreshToken {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${id}.${secret}`, hash: hashRefreshSecret(secret) };
}

/** Splits a presented token into id and secret; null when it cannot be one of ours (e.g. an access token). */
export function parseRefreshToken(token: string): { id: string; secret: string } | null {
  if (token.length !== 36 + 1 + 43) return null;
  const [id, secret, ...rest] = token.split('.');
  if (rest.length > 0 || !id || !secret || !uuidPattern.test(id) || !secretPattern.test(secret)) return null;
  return { id, secret };
}

/** Compares the secret's hash with a stored hash in constant time. */
export function refreshSecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashRefreshSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
