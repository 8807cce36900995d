import { anonymousIdentity } from '@cryptograph/core/base';
import { describe, expect, it } from 'vitest';
import { createSubscriptionCap } from './subscription-cap.js';

describe('subscription cap in one process', () => {
  it('limits concurrent subscriptions per user and per anonymous address', async () => {
    const cap = createSubscriptionCap(2);
    const alice = { userId: 'alice', role: 'VIEWER' as const, scopes: null, clientAddress: '1.1.1.1' };
    const first = await cap.acquire(alice);
    const second = await cap.acquire({ ...alice, clientAddress: '2.2.2.2' });
    expect(first && second).toBeTruthy();
    expect(await cap.acquire(alice)).toBeNull();
    expect(await cap.acquire({ ...alice, userId: 'bob' })).not.toBeNull();
    first!();
    first!();
    expect(await cap.acquire(alice)).not.toBeNull();
    expect(await cap.acquire(alice)).toBeNull();
    expect(await cap.acquire(anonymousIdentity('3.3.3.3'))).not.toBeNull();
  });
});
