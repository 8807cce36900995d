import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenAudience, accessTokenIssuer, accessTokenKey, InvalidAccessTokenError, signAccessToken, verifyAccessToken } from './access-token.js';

const key = accessTokenKey('k'.repeat(40));
const otherKey = accessTokenKey('o'.repeat(40));
const now = () => Math.floor(Date.now() / 1000);

function forged(overrides: { typ?: string; iss?: string; aud?: string; exp?: number | null; role?: string; sub?: string | null } = {}) {
  const jwt = new SignJWT({ role: overrides.role ?? 'ADMIN' }).setProtectedHeader({ alg: 'HS256', typ: overrides.typ ?? 'at+jwt' }).setIssuedAt();
  jwt.setIssuer(overrides.iss ?? accessTokenIssuer).setAudience(overrides.aud ?? accessTokenAudience);
  if (overrides.sub !== null) jwt.setSubject(overrides.sub ?? 'user-1');
  if (overrides.exp !== null) jwt.setExpirationTime(overrides.exp ?? now() + 60);
  return jwt;
}

async function reason(token: string): Promise<string> {
  try {
    await verifyAccessToken(token, key);
    return 'accepted';
  } catch (error) {
    return error instanceof InvalidAccessTokenError ? error.reason : 'other';
  }
}

describe('access tokens', () => {
  it('round-trips the user id and role', async () => {
    const token = await signAccessToken({ userId: 'u-42', role: 'ANALYST' }, key, 60);
    const verified = await verifyAccessToken(token, key);
    expect(verified).toMatchObject({ userId: 'u-42', role: 'ANALYST' });
    expect(verified.expiresAt).toBeGreaterThan(Date.now() + 55_000);
    expect(verified.expiresAt).toBeLessThanOrEqual(Date.now() + 61_000);
  });

  it('refuses alg none, a wrong key, missing exp, expiry, wrong iss/aud/typ, unknown roles and garbage', async () => {
    const unsigned = new UnsecuredJWT({ role: 'ADMIN' }).setSubject('u').setIssuer(accessTokenIssuer).setAudience(accessTokenAudience).setExpirationTime('1h').encode();
    expect(await reason(unsigned)).toBe('invalid');
    expect(await reason(await forged().sign(otherKey))).toBe('invalid');
    expect(await reason(await forged({ exp: null }).sign(key))).toBe('invalid');
    expect(await reason(await forged({ exp: now() - 10 }).sign(key))).toBe('expired');
    expect(await reason(await forged({ iss: 'someone-else' }).sign(key))).toBe('invalid');
    expect(await reason(await forged({ aud: 'cryptograph-subgraphs' }).sign(key))).toBe('invalid');
    expect(await reason(await forged({ typ: 'JWT' }).sign(key))).toBe('invalid');
    expect(await reason(await forged({ typ: 'identity+jwt' }).sign(key))).toBe('invalid');
    expect(await reason(await forged({ role: 'ROOT' }).sign(key))).toBe('invalid');
    expect(await reason(await forged({ sub: null }).sign(key))).toBe('invalid');
    expect(await reason('not-a-token')).toBe('invalid');
    expect(await reason(await forged().sign(key))).toBe('accepted');
  });
});
