import { apiKeyRevokedChannel, createMemoryEventBus, createRedisEventBus, userSessionChangedChannel } from '@cryptograph/core';
import { testEnvironment } from '@cryptograph/testing';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { caughtUpWithinMs, watchCredentialRevocations, type CredentialRevocation } from './credential-revocations.js';

const { redisUrl } = testEnvironment();

describe('the credential revocation feed', () => {
  it('announces revoked keys and changed user sessions from the bus, in registration order, ignoring malformed messages', async () => {
    const bus = createMemoryEventBus();
    const revocations = watchCredentialRevocations(bus);
    const seen: string[] = [];
    revocations.onRevoked((revocation) => seen.push(`cache:${label(revocation)}`));
    const stop = revocations.onRevoked((revocation) => seen.push(`connections:${label(revocation)}`));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await bus.publish(userSessionChangedChannel, { userId: 'u-1' });
    await bus.publish(apiKeyRevokedChannel, { prefix: 'cgk_abcdefgh' });
    await bus.publish(userSessionChangedChannel, { userId: 42 });
    await bus.publish(userSessionChangedChannel, null);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(['cache:user u-1', 'connections:user u-1', 'cache:api-key cgk_abcdefgh', 'connections:api-key cgk_abcdefgh']);
    stop();
    await bus.publish(userSessionChangedChannel, { userId: 'u-2' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.at(-1)).toBe('cache:user u-2');
    await revocations.close();
    await bus.close();
  });

  // Where redis-server is missing (a laptop) this case does not run; CI always has it.
  it.runIf(redisUrl)('has heard, once caught up, every revocation another process published before: the last of a burst too', async () => {
    const prefix = `revocations-${randomBytes(4).toString('hex')}`;
    const [users, gateway] = [createRedisEventBus(redisUrl!, prefix), createRedisEventBus(redisUrl!, prefix)];
    const revocations = watchCredentialRevocations(gateway);
    const seen: string[] = [];
    revocations.onRevoked((revocation) => seen.push(label(revocation)));
    await gateway.caughtUp!();
    for (let round = 0; round < 20; round += 1) {
      const burst = Array.from({ length: 50 }, (_, index) => `cgk_${round}_${index}`);
      await Promise.all(burst.map((prefix) => users.publish(apiKeyRevokedChannel, { prefix })));
      await revocations.caughtUp();
      expect(seen.slice(-50)).toEqual(burst.map((prefix) => `api-key ${prefix}`));
    }
    expect(seen).toHaveLength(1_000);
    await revocations.close();
    await Promise.all([users.close(), gateway.close()]);
  });

  it('stops waiting for a bus that cannot tell within a second; no bus has nothing to wait for', async () => {
    const silent = { ...createMemoryEventBus(), caughtUp: () => new Promise<void>(() => {}) };
    const startedAt = performance.now();
    await watchCredentialRevocations(silent).caughtUp();
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(caughtUpWithinMs - 5);
    const failing = { ...createMemoryEventBus(), caughtUp: () => Promise.reject(new Error('connection lost')) };
    await expect(watchCredentialRevocations(failing).caughtUp()).resolves.toBeUndefined();
    await expect(watchCredentialRevocations(undefined).caughtUp()).resolves.toBeUndefined();
  });
});

function label(revocation: CredentialRevocation): string {
  return revocation.kind === 'user' ? `user ${revocation.userId}` : `api-key ${revocation.apiKeyPrefix}`;
}
