import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { OperatorError } from '../errors/operator-error.js';

/** Algorithms access tokens may be signed with: Ed25519 (EdDSA) or P-256 (ES256); never a shared secret. */
export const accessTokenAlgorithms = ['EdDSA', 'ES256'] as const;

/** One of `accessTokenAlgorithms`. */
export type AccessTokenAlgorithm = (typeof accessTokenAlgorithms)[number];

/** The users service's private key for access tokens, with the public half other services verify with. */
export interface AccessTokenSigningKey {
  /** Key id in every token's header and in the JWKS: the RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  readonly alg: AccessTokenAlgorithm;
  readonly privateKey: KeyObject;
  /** The public key as a JWK with `kid`, `alg` and `use: sig`. */
  readonly publicJwk: JWK;
}

/** Private keys in env files often carry `\n` escapes instead of line breaks. */
function unescapePem(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}

function algorithmOf(key: KeyObject): AccessTokenAlgorithm | null {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  return null;
}

/**
 * Reads an unencrypted PKCS#8 PEM private key (Ed25519 or P-256) into a signing key; an unusable
 * value is an OperatorError naming `variable`.
 */
export async function signingKeyFromPem(pem: string, variable = 'AUTH_PRIVATE_KEY'): Promise<AccessTokenSigningKey> {
  const text = unescapePem(pem.trim());
  if (!text.startsWith('-----BEGIN PRIVATE KEY-----')) {
    throw new OperatorError(
      variable,
      'must be an unencrypted PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----"); generate one with `openssl genpkey -algorithm ed25519`',
    );
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new OperatorError(variable, 'is not a readable PKCS#8 PEM private key');
  }
  const alg = algorithmOf(privateKey);
  if (!alg) throw new OperatorError(variable, 'must be an Ed25519 or P-256 (prime256v1) private key');
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, alg, privateKey, publicJwk: { ...jwk, kid, alg, use: 'sig' } };
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
