import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Crockford's base32 alphabet: no I, L, O or U, so a code read off a terminal is typed back without mix-ups. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new one-time setup code: 20 random base32 characters (100 bits) in groups of five, e.g. `7K3QX-…`. */
export function generateSetupCode(): string {
  const characters = Array.from(randomBytes(20), (byte) => alphabet[byte % 32]).join('');
  return characters.match(/.{5}/g)!.join('-');
}

/** The code as typed, upper-cased and without spaces or dashes. */
export function normaliseSetupCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Hex SHA-256 of a normalised code. A fast hash is right here: 100 random bits leave nothing to brute-force. */
export function hashSetupCode(code: string): string {
  return createHash('sha256').update(normaliseSetupCode(code)).digest('hex');
}

/** Compares a presented code with a stored hash in constant time. */
export function setupCodeMatches(code: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSetupCode(code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
