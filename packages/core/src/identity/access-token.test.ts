import { createSecretKey, generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, SignJWT, UnsecuredJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenAudience, accessTokenIssuer, InvalidAccessTokenError, signAccessToken, verifyAccessToken } from './access-token.js';
import { generateSigningKeyPem, signingKeyFromPem } from './signing-key.js';

const key = await signingKeyFromPem(generateSigningKeyPem());
const otherKey = await signingKeyFromPem(generateSigningKeyPem());
const es256 = await signingKeyFromPem(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const publicKey = key.publicJwk;
const keySet = createLocalJWKSet({ keys: [key.publicJwk, es256.publicJwk] });
const now = () => Math.floor(Date.now() / 1000);

interface Forgery {
  typ?: string;
  iss?: string;
  aud?: string;
  exp?: number | null;
  role?: string;
  sub?: string | null;
  sv?: unknown;
  kid?: string;
}

function forged(overrides: Forgery = {}) {
  const claims: Record<string, unknown> = { role: overrides.role ?? 'ADMIN' };
  if (overrides.sv !== null) claims.sv = overrides.sv ?? 0;
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: overrides.typ ?? 'at+jwt', kid: overrides.kid ?? key.kid }).setIssuedAt();
  jwt.setIssuer(overrides.iss ?? accessTokenIssuer).setAudience(overrides.aud ?? accessTokenAudience);
  if (overrides.sub !== null) jwt.setSubject(overrides.sub ?? 'user-1');
  if (overrides.exp !== null) jwt.setExpirationTime(overrides.exp ?? now() + 60);
  return jwt;
}

async function reason(token: string): Promise<string> {
  try {
    await verifyAccessToken(token, keySet);
    return 'accepted';
  } catch (error) {
    return error instanceof InvalidAccessTokenError ? error.reason : 'other';
  }
}

describe('access tokens', () => {
  it('round-trip the user id, role and session version, with the key id in the header', async () => {
    for (const signing of [key, es256]) {
      const token = await signAccessToken({ userId: 'u-42', role: 'ANALYST', sessionVersion: 7 }, signing, 60);
      const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;
      expect(header).toEqual({ alg: signing.alg, typ: 'at+jwt', kid: signing.kid });
      const verified = await verifyAccessToken(token, keySet);
      expect(verified).toMatchObject({ userId: 'u-42', role: 'ANALYST', sessionVersion: 7 });
      expect(verified.expiresAt).toBeGreaterThan(Date.now() + 55_000);
      expect(verified.expiresAt).toBeLessThanOrEqual(Date.now() + 61_000);
    }
  });

  it('refuses alg none, HS256 with the public key as secret, unknown keys, missing claims, expiry, wrong iss/aud/typ, unknown roles and garbage', async () => {
    const unsigned = new UnsecuredJWT({ role: 'ADMIN', sv: 0 })
      .setSubject('u')
      .setIssuer(accessTokenIssuer)
      .setAudience(accessTokenAudience)
      .setExpirationTime('1h')
      .encode();
    expect(await reason(unsigned)).toBe('invalid');
    const publicKeyAsSecret = createSecretKey(Buffer.from(JSON.stringify(publicKey)));
    const confused = await new SignJWT({ role: 'ADMIN', sv: 0 })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })
      .setSubject('u')
      .setIssuer(accessTokenIssuer)
      .setAudience(accessTokenAudience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(publicKeyAsSecret);
    expect(await reason(confused)).toBe('invalid');
    expect(await reason(await forged({ kid: otherKey.kid }).sign(otherKey.privateKey))).toBe('invalid');
    expect(await reason(await forged().sign(otherKey.privateKey))).toBe('invalid');
    expect(await reason(await forged({ exp: null }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ exp: now() - 10 }).sign(key.privateKey))).toBe('expired');
    expect(await reason(await forged({ iss: 'someone-else' }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ aud: 'cryptograph-subgraph:users' }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ typ: 'JWT' }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ typ: 'identity+jwt' }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ role: 'ROOT' }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ sub: null }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ sv: null }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ sv: '3' }).sign(key.privateKey))).toBe('invalid');
    expect(await reason(await forged({ sv: -1 }).sign(key.privateKey))).toBe('invalid');
    expect(await reason('not-a-token')).toBe('invalid');
    expect(await reason(await forged().sign(key.privateKey))).toBe('accepted');
  });

  it('passes on a key set that cannot be read instead of calling the token invalid', async () => {
    const unavailable = new Error('key set unavailable');
    const token = await signAccessToken({ userId: 'u', role: 'VIEWER', sessionVersion: 0 }, key, 60);
    await expect(verifyAccessToken(token, async () => Promise.reject(unavailable))).rejects.toBe(unavailable);
  });

  it('publishes only the public half of the key', () => {
    const jwk: JWK = key.publicJwk;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: key.kid });
    expect(jwk.d).toBeUndefined();
    expect(es256.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(es256.publicJwk.d).toBeUndefined();
  });
});
