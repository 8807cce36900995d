import type { Generated, Selectable } from 'kysely';

/** The `users.signing_keys` table: the public key of every key access tokens were signed with, and until when tokens signed with it can still be valid. */
export interface SigningKeyTable {
  /** RFC 7638 thumbprint of the public key; the `kid` of the tokens. */
  kid: string;
  /** The public JWK (JSON text), as published in the JWKS. */
  public_jwk: string;
  created_at: Generated<Date>;
  /** The key is published while this lies in the future; each users replica pushes it forward while it signs with the key. */
  verify_until: Date;
}

/** One row of `users.signing_keys`. */
export type SigningKeyRow = Selectable<SigningKeyTable>;
