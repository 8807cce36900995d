// E2E support: hand-crafted access tokens and identity headers (valid shape, forged, unsigned, expired) made with jose.
import { generateSigningKeyPem, identityAudience, signingKeyFromPem } from '@cryptograph/core';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose';

/** `iss` and `aud` the gateway expects on access tokens. */
export const accessTokenClaims = { issuer: 'cryptograph', audience: 'cryptograph-api' } as const;

/** What to put in a hand-crafted access token; every field can be changed or dropped. */
export interface ForgedAccessToken {
  /** PKCS#8 PEM private key to sign with (EdDSA, `kid` its thumbprint), e.g. the stack's AUTH_PRIVATE_KEY or `wrongKey`. */
  readonly key?: string;
  /** Sign with HS256 and this secret instead (what access tokens used to be). */
  readonly hmacSecret?: string;
  readonly userId: string;
  readonly role?: string;
  readonly typ?: string;
  readonly issuer?: string | null;
  readonly audience?: string | null;
  /** Seconds since the epoch; null leaves `exp` out. */
  readonly exp?: number | null;
  /** The session version (`sv`, default 0); null leaves it out. */
  readonly sessionVersion?: number | null;
  /** The header's `kid` (default the key's thumbprint); null leaves it out. */
  readonly kid?: string | null;
  /** More protected header parameters (`jwk`, `jku`, ...): what an attacker adds to point the verifier at its own key. */
  readonly header?: Readonly<Record<string, unknown>>;
}

const now = () => Math.floor(Date.now() / 1000);

/** Signs an access-token-shaped JWT with `key` (EdDSA) or `hmacSecret` (HS256), deviating from a valid one as asked. */
export async function forgeAccessToken(options: ForgedAccessToken): Promise<string> {
  const signing = options.key ? await signingKeyFromPem(options.key) : undefined;
  const kid = options.kid === undefined ? signing?.kid : options.kid;
  const claims: JWTPayload = { role: options.role ?? 'ADMIN' };
  if (options.sessionVersion !== null) claims.sv = options.sessionVersion ?? 0;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: signing ? signing.alg : 'HS256', typ: options.typ ?? 'at+jwt', ...(kid ? { kid } : {}), ...options.header })
    .setSubject(options.userId)
    .setIssuedAt()
    .setJti(randomUUID());
  const issuer = options.issuer === undefined ? accessTokenClaims.issuer : options.issuer;
  const audience = options.audience === undefined ? accessTokenClaims.audience : options.audience;
  const exp = options.exp === undefined ? now() + 600 : options.exp;
  if (issuer !== null) jwt.setIssuer(issuer);
  if (audience !== null) jwt.setAudience(audience);
  if (exp !== null) jwt.setExpirationTime(exp);
  if (signing) return jwt.sign(signing.privateKey);
  return jwt.sign(new TextEncoder().encode(options.hmacSecret ?? wrongSecret));
}

/** A private key that is not the stack's. */
export const wrongKey = generateSigningKeyPem();

/** A P-256 private key that is not the stack's (ES256 tokens). */
export const wrongEs256Key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The public JWK of a PKCS#8 PEM private key, as an attacker embeds it in a token's header. */
export async function publicJwkOf(pem: string): Promise<JWK> {
  return (await signingKeyFromPem(pem)).publicJwk;
}

/** An unsigned (`alg: none`) token with otherwise valid access-token claims. */
export function unsignedToken(claims: JWTPayload, typ = 'at+jwt'): string {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ })).toString('base64url');
  const unsecured = new UnsecuredJWT(claims)
    .setIssuedAt()
    .setExpirationTime(now() + 600)
    .encode();
  const [, payload] = unsecured.split('.');
  return `${header}.${payload}.`;
}

/** What to put in a hand-crafted identity header for a subgraph. */
export interface ForgedIdentity {
  readonly secret: string;
  /** The subgraph the identity is minted for (its audience). */
  readonly subgraph: string;
  readonly userId?: string;
  readonly role?: string;
  /** Seconds since the epoch for `exp`. */
  readonly exp?: number;
}

/** Signs a gateway-style identity token (`typ: identity+jwt`) with `secret`. */
export async function forgeIdentity(options: ForgedIdentity): Promise<string> {
  const jwt = new SignJWT({ role: options.role ?? 'ADMIN', scopes: null, addr: '127.0.0.1' })
    .setProtectedHeader({ alg: 'HS256', typ: 'identity+jwt' })
    .setIssuer('cryptograph-gateway')
    .setAudience(identityAudience(options.subgraph))
    .setIssuedAt(options.exp !== undefined ? options.exp - 60 : now())
    .setExpirationTime(options.exp ?? now() + 60);
  if (options.userId) jwt.setSubject(options.userId);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

/** An unsigned (`alg: none`) identity token claiming ADMIN for `subgraph`. */
export function unsignedIdentity(userId: string, subgraph: string): string {
  return unsignedToken(
    { sub: userId, role: 'ADMIN', scopes: null, addr: '127.0.0.1', iss: 'cryptograph-gateway', aud: identityAudience(subgraph) },
    'identity+jwt',
  );
}

/** A secret that is not the stack's. */
export const wrongSecret = 'this-is-definitely-not-the-right-secret-0123456789';
