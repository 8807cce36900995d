import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { hasSameAuthority, isSameOrNarrower } from './credential-authority.js';

const context = (
  userId: string | null,
  role: 'ADMIN' | 'ANALYST' | 'VIEWER' | null,
  scopes: string[] | null = null,
  apiKeyPrefix: string | null = null,
): GatewayContext => ({
  identity: { userId, role, scopes, clientAddress: '127.0.0.1' },
  credentialExpiresAt: null,
  apiKeyPrefix,
});

describe('credential authority', () => {
  it('a refresh may keep or lower the role of the same user', () => {
    expect(isSameOrNarrower(context('u1', 'ANALYST'), context('u1', 'ANALYST'))).toBe(true);
    expect(isSameOrNarrower(context('u1', 'ANALYST'), context('u1', 'VIEWER'))).toBe(true);
  });

  it('a refresh may not raise the role, change the user, start from anonymous, or swap the kind of credential', () => {
    expect(isSameOrNarrower(context('u1', 'VIEWER'), context('u1', 'ADMIN'))).toBe(false);
    expect(isSameOrNarrower(context('u1', 'VIEWER'), context('u2', 'VIEWER'))).toBe(false);
    expect(isSameOrNarrower(context(null, null), context('u1', 'VIEWER'))).toBe(false);
    expect(isSameOrNarrower(context('u1', 'ADMIN', ['read:market'], 'key1'), context('u1', 'ADMIN'))).toBe(false);
  });

  it('scopes may narrow but never widen', () => {
    expect(isSameOrNarrower(context('u1', 'ADMIN', ['read:market', 'admin:users'], 'k'), context('u1', 'ADMIN', ['read:market'], 'k'))).toBe(true);
    expect(isSameOrNarrower(context('u1', 'ADMIN', ['read:market'], 'k'), context('u1', 'ADMIN', ['read:market', 'admin:users'], 'k'))).toBe(false);
  });

  it('the same authority means the same user, role, scopes (in any order) and key', () => {
    expect(hasSameAuthority(context('u1', 'ADMIN', ['a', 'b'], 'k'), context('u1', 'ADMIN', ['b', 'a'], 'k'))).toBe(true);
    expect(hasSameAuthority(context('u1', 'ADMIN'), context('u1', 'ANALYST'))).toBe(false);
    expect(hasSameAuthority(context('u1', 'ADMIN', ['a'], 'k'), context('u1', 'ADMIN', null, 'k'))).toBe(false);
  });
});
