import { createSecretKey, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { roles, type Identity, type Role } from './identity.js';

/** Header carrying the gateway-signed identity from the gateway to a subgraph. */
export const identityHeader = 'x-cryptograph-identity';

const issuer = 'cryptograph-gateway';
const algorithm = 'HS256';
const lifetimeSeconds = 60;

/** The `aud` of identities meant for one subgraph: a token minted for one subgraph is refused by every other. */
export function identityAudience(subgraph: string): string {
  return `cryptograph-subgraph:${subgraph}`;
}

/** Turns the shared internal secret into an HMAC key (imported once, reused for every token). */
export function internalKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

/** Signs `identity` for the subgraph named `subgraph` (its audience); valid for one minute. */
export async function signIdentity(identity: Identity, key: KeyObject, subgraph: string): Promise<string> {
  const claims: Record<string, unknown> = { role: identity.role, scopes: identity.scopes, addr: identity.clientAddress };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: algorithm, typ: 'identity+jwt' })
    .setIssuer(issuer)
    .setAudience(identityAudience(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`);
  if (identity.userId) jwt.setSubject(identity.userId);
  return jwt.sign(key);
}

/** Why an identity token was refused. */
export class InvalidIdentityError extends Error {
  override name = 'InvalidIdentityError';
}

/** A verified identity and when its token expires (ms since the epoch). */
export interface VerifiedIdentity {
  readonly identity: Identity;
  readonly expiresAt: number;
}

/** Verifies a gateway-signed identity meant for `subgraph`; throws InvalidIdentityError when it is missing, forged, expired or meant for another subgraph. */
export async function verifyIdentity(token: string, key: KeyObject, subgraph: string): Promise<Identity> {
  return (await verifyIdentityToken(token, key, subgraph)).identity;
}

/** Like verifyIdentity, also returning the token's expiry. */
export async function verifyIdentityToken(token: string, key: KeyObject, subgraph: string): Promise<VerifiedIdentity> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [algorithm],
      audience: identityAudience(subgraph),
      issuer,
      typ: 'identity+jwt',
      requiredClaims: ['exp'],
    });
    const role = payload.role ?? null;
    if (role !== null && !roles.includes(role as Role)) throw new InvalidIdentityError('unknown role');
    const scopes = Array.isArray(payload.scopes) ? payload.scopes.map(String) : null;
    const identity: Identity = { userId: payload.sub ?? null, role: role as Role | null, scopes, clientAddress: String(payload.addr ?? '') };
    return { identity, expiresAt: (payload.exp as number) * 1000 };
  } catch (error) {
    if (error instanceof InvalidIdentityError) throw error;
    if (error instanceof joseErrors.JOSEError) throw new InvalidIdentityError(error.code);
    throw error;
  }
}
