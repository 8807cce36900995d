import { anonymousIdentity } from '@cryptograph/core';
import { describe, expect, it } from 'vitest';
import { createSubscriptionCap } from './subscription-cap.js';

describe('subscription cap', () => {
  it('limits concurrent subscriptions per user and per anonymous address', () => {
    const cap = createSubscriptionCap(2);
    const alice = { userId: 'alice', role: 'VIEWER' as const, scopes: null, clientAddress: '1.1.1.1' };
    const first = cap.acquire(alice);
    const second = cap.acquire({ ...alice, clientAddress: '2.2.2.2' });
    expect(first && second).toBeTruthy();
    expect(cap.acquire(alice)).toBeNull();
    expect(cap.acquire({ ...alice, userId: 'bob' })).not.toBeNull();
    first!();
    first!();
    expect(cap.acquire(alice)).not.toBeNull();
    expect(cap.acquire(alice)).toBeNull();
    expect(cap.acquire(anonymousIdentity('3.3.3.3'))).not.toBeNull();
  });
});
