import { apiKeyRevokedChannel, createMemoryEventBus, createRedisEventBus, userSessionChangedChannel, type EventBus } from '@cryptograph/core/base';
import { redisBinaryAvailable, startRedisServer, subscribersOf, testEnvironment } from '@cryptograph/testing';
import { Redis } from 'ioredis';
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
    await expect.poll(() => gateway.healthy!()).toBe(true);
    // Queued after the feed's SUBSCRIBE commands on the same connection: they are in place once it answers. The bus came up
    // since the feed started: what was cached before is checked again.
    expect(await revocations.caughtUp()).toBe('heard');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((entry) => entry === 'missed')).toBe(true);
    seen.length = 0;
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

  it('announces missed revocations when the bus cannot tell within a second, cannot tell at all, or is down; no bus has nothing to wait for', async () => {
    const outcomes: string[] = [];
    const watch = (bus: EventBus) => {
      const revocations = watchCredentialRevocations(bus);
      revocations.onRevoked((revocation) => outcomes.push(label(revocation)));
      return revocations;
    };
    const silent = watch({ ...createMemoryEventBus(), caughtUp: () => new Promise<void>(() => {}) });
    const startedAt = performance.now();
    expect(await silent.caughtUp()).toBe('missed');
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(caughtUpWithinMs - 5);
    expect(outcomes).toEqual(['missed']);
    expect(await watch({ ...createMemoryEventBus(), caughtUp: () => Promise.reject(new Error('connection lost')) }).caughtUp()).toBe('missed');
    expect(outcomes).toEqual(['missed', 'missed']);
    const healthy = watch({ ...createMemoryEventBus(), caughtUp: async () => {}, healthy: () => true });
    expect(await healthy.caughtUp()).toBe('heard');
    expect(outcomes).toEqual(['missed', 'missed']);
    await expect(watchCredentialRevocations(undefined).caughtUp()).resolves.toBe('no bus');
  });

  it('announces missed revocations once when the bus goes down and when it comes back, not at each failed reconnect in between', async () => {
    const state = { up: true, interruptions: 0 };
    const bus: EventBus = { ...createMemoryEventBus(), healthy: () => state.up, interruptions: () => state.interruptions, caughtUp: async () => {} };
    const revocations = watchCredentialRevocations(bus, 10);
    const seen: string[] = [];
    revocations.onRevoked((revocation) => seen.push(label(revocation)));
    state.up = false;
    state.interruptions += 1;
    await expect.poll(() => seen.length).toBe(1);
    // ioredis counts every failed reconnect attempt as an interruption.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      state.interruptions += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toEqual(['missed']);
    state.up = true;
    // Once on its return, once more when its subscriptions are confirmed.
    await expect.poll(() => seen.length).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['missed', 'missed', 'missed']);
    await revocations.close();
  });

  // Its own redis-server: the test drops every subscriber connection of the server.
  it.runIf(redisBinaryAvailable())(
    'announces missed revocations when its Redis subscription dropped and came back, between two checks or during caughtUp',
    async () => {
      const server = await startRedisServer();
      const prefix = 'revocations-drop';
      const [users, gateway] = [createRedisEventBus(server.url, prefix), createRedisEventBus(server.url, prefix)];
      const admin = new Redis(server.url);
      const revocations = watchCredentialRevocations(gateway, 50);
      const seen: string[] = [];
      revocations.onRevoked((revocation) => seen.push(label(revocation)));
      try {
        await expect.poll(() => subscribersOf(admin, `${prefix}:${apiKeyRevokedChannel}`)).toBe(1);
        await revocations.caughtUp();
        // Coming up at start counts as a change: anything cached before the subscriptions were in place is checked again.
        expect(seen.length).toBeGreaterThan(0);
        expect(seen.every((entry) => entry === 'missed')).toBe(true);
        seen.length = 0;
        await admin.client('KILL', 'TYPE', 'pubsub');
        // Published while the gateway's subscription reconnects: lost, but the feed says so.
        await users.publish(apiKeyRevokedChannel, { prefix: 'cgk_lost' });
        await expect.poll(() => seen.includes('missed')).toBe(true);
        expect(seen).not.toContain('api-key cgk_lost');
        await expect.poll(() => subscribersOf(admin, `${prefix}:${apiKeyRevokedChannel}`)).toBe(1);
        const before = seen.length;
        await users.publish(apiKeyRevokedChannel, { prefix: 'cgk_heard' });
        expect(await revocations.caughtUp()).toBe('heard');
        // Besides the return of the subscription (announced as missed, possibly again once confirmed), only what was published.
        expect(seen.slice(before).filter((entry) => entry !== 'missed')).toEqual(['api-key cgk_heard']);
      } finally {
        await revocations.close();
        await Promise.all([users.close(), gateway.close()]);
        admin.disconnect();
        await server.stop();
      }
    },
  );
});

function label(revocation: CredentialRevocation): string {
  if (revocation.kind === 'missed') return 'missed';
  return revocation.kind === 'user' ? `user ${revocation.userId}` : `api-key ${revocation.apiKeyPrefix}`;
}
