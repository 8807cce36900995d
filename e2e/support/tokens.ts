// E2E support: hand-crafted access tokens and identity headers (valid shape, forged, unsigned, expired) made with jose.
import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';

/** `iss` and `aud` the gateway expects on access tokens. */
export const accessTokenClaims = { issuer: 'cryptograph', audience: 'cryptograph-api' } as const;

/** What to put in a hand-crafted access token; every field can be changed or dropped. */
export interface ForgedAccessToken {
  readonly secret: string;
  readonly userId: string;
  readonly role?: string;
  readonly typ?: string;
  readonly issuer?: string | null;
  readonly audience?: string | null;
  /** Seconds since the epoch; null leaves `exp` out. */
  readonly exp?: number | null;
}

const now = () => Math.floor(Date.now() / 1000);

/** Signs an access-token-shaped JWT with HS256 and `secret`, deviating from a valid one as asked. */
export async function forgeAccessToken(options: ForgedAccessToken): Promise<string> {
  const jwt = new SignJWT({ role: options.role ?? 'ADMIN' })
    .setProtectedHeader({ alg: 'HS256', typ: options.typ ?? 'at+jwt' })
    .setSubject(options.userId)
    .setIssuedAt()
    .setJti(randomUUID());
  const issuer = options.issuer === undefined ? accessTokenClaims.issuer : options.issuer;
  const audience = options.audience === undefined ? accessTokenClaims.audience : options.audience;
  const exp = options.exp === undefined ? now() + 600 : options.exp;
  if (issuer !== null) jwt.setIssuer(issuer);
  if (audience !== null) jwt.setAudience(audience);
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

/** An unsigned (`alg: none`) token with otherwise valid access-token claims. */
export function unsignedToken(claims: JWTPayload, typ = 'at+jwt'): string {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ })).toString('base64url');
  const unsecured = new UnsecuredJWT(claims).setIssuedAt().setExpirationTime(now() + 600).encode();
  const [, payload] = unsecured.split('.');
  return `${header}.${payload}.`;
}

/** What to put in a hand-crafted identity header for a subgraph. */
export interface ForgedIdentity {
  readonly secret: string;
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
    .setAudience('cryptograph-subgraphs')
    .setIssuedAt(options.exp !== undefined ? options.exp - 60 : now())
    .setExpirationTime(options.exp ?? now() + 60);
  if (options.userId) jwt.setSubject(options.userId);
  return jwt.sign(new TextEncoder().encode(options.secret));
}

/** An unsigned (`alg: none`) identity token claiming ADMIN. */
export function unsignedIdentity(userId: string): string {
  return unsignedToken({ sub: userId, role: 'ADMIN', scopes: null, addr: '127.0.0.1', iss: 'cryptograph-gateway', aud: 'cryptograph-subgraphs' }, 'identity+jwt');
}

/** A secret that is not the stack's. */
export const wrongSecret = 'this-is-definitely-not-the-right-secret-0123456789';
