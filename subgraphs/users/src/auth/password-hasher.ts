import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { normalisePassword } from './password-policy.js';

/** argon2id with the OWASP recommended minimum: 19 MiB memory, 2 iterations, 1 lane. */
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes the NFKC form of a password with argon2id (OWASP parameters); the result embeds salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(normalisePassword(password), options);
}

async function matches(hash: string, text: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, text);
  } catch {
    return false;
  }
}

/**
 * True when `password` matches `hash`; false (not an error) for a malformed hash. Compares the NFKC
 * form first; hashes made before passwords were normalised hold the text as it was typed, so that is
 * tried too when it differs.
 */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const normalised = normalisePassword(password);
  if (await matches(hash, normalised)) return true;
  return normalised !== password && matches(hash, password);
}

let dummyHash: Promise<string> | undefined;

/** Computes the throwaway hash ahead of time, so the first unknown login is not slower than later ones. */
export async function prepareDummyHash(): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await dummyHash;
}

/**
 * Verifies `password` against a throwaway hash with the same parameters and always returns false,
 * so a login for an unknown user costs as long as one with a wrong password.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await prepareDummyHash();
  await verifyPassword(await dummyHash!, password);
  return false;
}
