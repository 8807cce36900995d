import { createHash } from 'node:crypto';

/**
 * A uniform number in [0, 1) that is a pure function of its key (the first 48 bits of its SHA-256):
 * the simulation draws its bootstrap blocks from it, so a restarted feed continues exactly the
 * path the stopped one would have taken, and tests can reproduce it.
 */
export function uniformFor(key: string): number {
  const digest = createHash('sha256').update(key).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
