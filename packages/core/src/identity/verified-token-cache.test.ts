import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { cacheVerifications } from './verified-token-cache.js';

/** A verifier that counts its calls; tokens named `bad…` fail, the others expire `lifetimeMs` from now. */
function countingVerifier(lifetimeMs: number) {
  const calls: string[] = [];
  const verify = async (token: string) => {
    calls.push(token);
    if (token.startsWith('bad')) throw new Error(`invalid token ${token}`);
    return { token, expiresAt: Date.now() + lifetimeMs };
  };
  return { calls, verify };
}

describe('cacheVerifications', () => {
  it('verifies each token once until it expires, then again', async () => {
    const { calls, verify } = countingVerifier(150);
    const cached = cacheVerifications(verify, (value) => value.expiresAt);
    expect((await cached('a')).token).toBe('a');
    await cached('a');
    await cached('b');
    expect(calls).toEqual(['a', 'b']);
    await sleep(200);
    await cached('a');
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('never keeps a failed verification or one that has already expired', async () => {
    const { calls, verify } = countingVerifier(-1);
    const cached = cacheVerifications(verify, (value) => value.expiresAt);
    await expect(cached('bad-1')).rejects.toThrow('invalid token bad-1');
    await expect(cached('bad-1')).rejects.toThrow('invalid token bad-1');
    await cached('expired');
    await cached('expired');
    expect(calls).toEqual(['bad-1', 'bad-1', 'expired', 'expired']);
  });

  it('when full, drops the least recently used token instead of forgetting every one', async () => {
    const { calls, verify } = countingVerifier(60_000);
    const cached = cacheVerifications(verify, (value) => value.expiresAt, 3);
    for (const token of ['a', 'b', 'c']) await cached(token);
    await cached('a');
    await cached('d');
    calls.length = 0;
    for (const token of ['a', 'c', 'd']) await cached(token);
    expect(calls).toEqual([]);
    await cached('b');
    expect(calls).toEqual(['b']);
  });
});
