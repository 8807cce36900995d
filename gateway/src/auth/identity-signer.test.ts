import { internalKey, verifyIdentity, type Identity } from '@cryptograph/core/base';
import { describe, expect, it } from 'vitest';
import { createIdentitySigner } from './identity-signer.js';

const viewer = (userId: string): Identity => ({ userId, role: 'VIEWER', scopes: null, clientAddress: '127.0.0.1' });

describe('identity signer', () => {
  it('reuses a signature per identity and subgraph, each for its own audience', async () => {
    const sign = createIdentitySigner('a-secret-long-enough-for-the-tests-0123456789');
    const forMarket = sign(viewer('u1'), 'market');
    expect(sign(viewer('u1'), 'market')).toBe(forMarket);
    expect(sign(viewer('u1'), 'users')).not.toBe(forMarket);
    expect(sign(viewer('u2'), 'market')).not.toBe(forMarket);
    const key = internalKey('a-secret-long-enough-for-the-tests-0123456789');
    await expect(verifyIdentity(await forMarket, key, 'market')).resolves.toMatchObject({ userId: 'u1', role: 'VIEWER' });
    await expect(verifyIdentity(await forMarket, key, 'users')).rejects.toThrow();
  });

  it('when more identities are in use than it keeps (10,000), forgets the least recently used one only, never every one at once', async () => {
    const sign = createIdentitySigner('a-secret-long-enough-for-the-tests-0123456789');
    const first = Array.from({ length: 10_000 }, (_, k) => sign(viewer(`user-${k}`), 'market'));
    expect(sign(viewer('user-1'), 'market')).toBe(first[1]);
    sign(viewer('one-more'), 'market');
    expect(sign(viewer('user-1'), 'market')).toBe(first[1]);
    expect(sign(viewer('user-9999'), 'market')).toBe(first[9_999]);
    expect(sign(viewer('user-0'), 'market')).not.toBe(first[0]);
    await Promise.all(first);
  });
});
