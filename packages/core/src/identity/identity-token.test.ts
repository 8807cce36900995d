import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { internalKey, InvalidIdentityError, signIdentity, verifyIdentity } from './identity-token.js';

const key = internalKey('i'.repeat(40));

describe('forwarded identities', () => {
  it('round-trip a signed-in and an anonymous caller', async () => {
    const user = { userId: 'u-1', role: 'VIEWER' as const, scopes: ['read:market'], clientAddress: '10.0.0.1' };
    expect(await verifyIdentity(await signIdentity(user, key, 'market'), key, 'market')).toEqual(user);
    const anonymous = { userId: null, role: null, scopes: null, clientAddress: '::1' };
    expect(await verifyIdentity(await signIdentity(anonymous, key, 'users'), key, 'users')).toEqual(anonymous);
  });

  it('refuses identities signed with another secret, shaped like another token, or minted for another subgraph', async () => {
    const caller = { userId: 'u-1', role: 'ADMIN' as const, scopes: null, clientAddress: '' };
    await expect(verifyIdentity(await signIdentity(caller, internalKey('x'.repeat(40)), 'users'), key, 'users')).rejects.toBeInstanceOf(InvalidIdentityError);
    const accessShaped = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject('u-1')
      .setExpirationTime('1h')
      .sign(key);
    await expect(verifyIdentity(accessShaped, key, 'users')).rejects.toBeInstanceOf(InvalidIdentityError);
    const forMarket = await signIdentity(caller, key, 'market');
    await expect(verifyIdentity(forMarket, key, 'users')).rejects.toBeInstanceOf(InvalidIdentityError);
    await expect(verifyIdentity(forMarket, key, 'predictions')).rejects.toBeInstanceOf(InvalidIdentityError);
    expect((await verifyIdentity(forMarket, key, 'market')).role).toBe('ADMIN');
  });
});
