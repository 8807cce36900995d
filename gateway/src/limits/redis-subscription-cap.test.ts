import { randomBytes } from 'node:crypto';
import { anonymousIdentity, createLogger, type Identity } from '@cryptograph/core/base';
import { freePort, startRedisServer, testEnvironment } from '@cryptograph/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisSubscriptionCap, type RedisSubscriptionCap } from './redis-subscription-cap.js';
import type { ReleaseSlot } from './subscription-cap.js';

const redisUrl = testEnvironment().redisUrl;
const logger = createLogger('test', 'silent');
const viewer = (userId: string): Identity => ({ userId, role: 'VIEWER', scopes: null, clientAddress: '10.0.0.1' });

describe.runIf(redisUrl)('subscription cap across gateways on Redis', () => {
  let redis: Redis;
  let prefix: string;
  const caps: RedisSubscriptionCap[] = [];
  /** A gateway's cap on the shared Redis (closed after each test). */
  const gateway = (limit: number, leaseMs = 3_000) => {
    const cap = createRedisSubscriptionCap({ redisUrl: redisUrl!, keyPrefix: prefix, limit, leaseMs, logger });
    caps.push(cap);
    return cap;
  };
  const holdsKey = (holder: string) => `${prefix}:subscription-holds:{${holder}}`;
  const acquireAll = async (cap: RedisSubscriptionCap, identity: Identity, count: number) => {
    const slots: (ReleaseSlot | null)[] = [];
    for (let index = 0; index < count; index += 1) slots.push(await cap.acquire(identity));
    return slots;
  };
  const until = async (condition: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(() => redis.disconnect());
  beforeEach(() => {
    prefix = `cap-${randomBytes(4).toString('hex')}`;
  });
  afterEach(async () => {
    await Promise.all(caps.splice(0).map((cap) => cap.close()));
  });

  it('counts a user across gateways: what one holds, the other cannot take; a release frees a slot everywhere', async () => {
    const [first, second] = [gateway(3), gateway(3)];
    const alice = viewer('alice');
    const onFirst = await acquireAll(first, alice, 2);
    const onSecond = await acquireAll(second, alice, 2);
    expect(onFirst.every(Boolean)).toBe(true);
    expect(onSecond.map(Boolean)).toEqual([true, false]);
    expect(await first.acquire(alice)).toBeNull();
    // Others are not affected: another user, an anonymous address.
    expect(await second.acquire(viewer('bob'))).not.toBeNull();
    expect(await second.acquire(anonymousIdentity('10.0.0.2'))).not.toBeNull();

    onFirst[0]!();
    onFirst[0]!();
    await until(async () => (await redis.hget(holdsKey('user:alice'), first.instance)) === '1', 2_000);
    const reused = await second.acquire(alice);
    expect(reused).not.toBeNull();
    expect(await first.acquire(alice)).toBeNull();
    expect(await redis.hgetall(holdsKey('user:alice'))).toEqual({ [first.instance]: '1', [second.instance]: '2' });
  });

  it("stops counting a gateway's slots once its lease lapsed, and removes them", async () => {
    const cap = gateway(2);
    // A gateway that died holding two slots: its lease ended a moment ago.
    const [holds, leases] = [holdsKey('user:carol'), `${holdsKey('user:carol')}:leases`];
    await redis.hset(holds, 'dead-gateway', 2);
    await redis.zadd(leases, Date.now() - 1_000, 'dead-gateway');
    // And one whose lease still runs, holding one.
    await redis.hset(holds, 'live-gateway', 1);
    await redis.zadd(leases, Date.now() + 60_000, 'live-gateway');

    expect(await cap.acquire(viewer('carol'))).not.toBeNull();
    expect(await cap.acquire(viewer('carol'))).toBeNull();
    expect(await redis.hgetall(holds)).toEqual({ 'live-gateway': '1', [cap.instance]: '1' });
    expect(await redis.zscore(leases, 'dead-gateway')).toBeNull();
  });

  it('renews its leases while it holds slots; the keys disappear when nothing is held', async () => {
    const cap = gateway(5, 3_000);
    const slot = await cap.acquire(viewer('dave'));
    const leases = `${holdsKey('user:dave')}:leases`;
    const firstLease = Number(await redis.zscore(leases, cap.instance));
    await until(async () => Number(await redis.zscore(leases, cap.instance)) > firstLease, 2_500);
    // Past the first lease's end, the slot still counts (renewed), and both keys live as long as the lease.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstLease - Date.now()) + 200));
    expect(await redis.hget(holdsKey('user:dave'), cap.instance)).toBe('1');
    expect(await redis.pttl(holdsKey('user:dave'))).toBeGreaterThan(0);
    slot!();
    await until(async () => (await redis.exists(holdsKey('user:dave'), leases)) === 0, 2_000);
  });

  it('writes its slots again after Redis lost them (a restart without persistence)', async () => {
    const [first, second] = [gateway(2, 3_000), gateway(2, 3_000)];
    await acquireAll(first, viewer('erin'), 2);
    await redis.del(holdsKey('user:erin'), `${holdsKey('user:erin')}:leases`);
    // Within a renewal (a third of the lease) the quota holds again.
    await until(async () => (await redis.hget(holdsKey('user:erin'), first.instance)) === '2', 2_000);
    expect(await second.acquire(viewer('erin'))).toBeNull();
  });

  it('gives back what it holds when the gateway stops', async () => {
    const [first, second] = [gateway(1), gateway(1)];
    expect(await first.acquire(viewer('frank'))).not.toBeNull();
    expect(await second.acquire(viewer('frank'))).toBeNull();
    await first.close();
    caps.splice(caps.indexOf(first), 1);
    expect(await second.acquire(viewer('frank'))).not.toBeNull();
  });

  it('counts on this gateway alone while Redis does not answer, never failing a subscription for it', async () => {
    const unreachable = createRedisSubscriptionCap({
      redisUrl: `redis://127.0.0.1:${await freePort()}`,
      keyPrefix: prefix,
      limit: 2,
      leaseMs: 3_000,
      logger,
      commandTimeoutMs: 300,
    });
    caps.push(unreachable);
    const started = Date.now();
    const slots = await acquireAll(unreachable, viewer('grace'), 3);
    expect(slots.map(Boolean)).toEqual([true, true, false]);
    expect(Date.now() - started).toBeLessThan(5_000);
    slots[0]!();
    expect(await unreachable.acquire(viewer('grace'))).not.toBeNull();
  });

  it('survives a Redis killed and restarted empty: counts on its own meanwhile, then every gateway writes its slots back', async () => {
    const own = await startRedisServer();
    const client = new Redis(own.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    client.on('error', () => undefined);
    const onOwn = (commandTimeoutMs: number) => {
      const cap = createRedisSubscriptionCap({ redisUrl: own.url, keyPrefix: prefix, limit: 2, leaseMs: 3_000, logger, commandTimeoutMs });
      caps.push(cap);
      return cap;
    };
    try {
      const [first, second] = [onOwn(300), onOwn(300)];
      const held = await acquireAll(first, viewer('heidi'), 2);
      expect(held.every(Boolean)).toBe(true);
      expect(await second.acquire(viewer('heidi'))).toBeNull();

      await own.kill();
      // Redis gone: the second gateway counts on its own (a slot of its two), it does not fail or hang.
      const started = Date.now();
      const duringOutage = await second.acquire(viewer('heidi'));
      expect(duringOutage).not.toBeNull();
      expect(Date.now() - started).toBeLessThan(2_000);

      await own.restart();
      // Both gateways write their slots back (3: over the quota because of the outage) ...
      await until(async () => (await client.hvals(holdsKey('user:heidi')).catch(() => [])).map(Number).reduce((sum, count) => sum + count, 0) === 3, 5_000);
      expect(await second.acquire(viewer('heidi'))).toBeNull();
      // ... and the quota applies again: two releases bring the user back under it.
      const total = async () => (await client.hvals(holdsKey('user:heidi'))).map(Number).reduce((sum, count) => sum + count, 0);
      held[0]!();
      await until(async () => (await total()) === 2, 2_000);
      expect(await second.acquire(viewer('heidi'))).toBeNull();
      held[1]!();
      await until(async () => (await total()) === 1, 2_000);
      expect(await second.acquire(viewer('heidi'))).not.toBeNull();
    } finally {
      client.disconnect();
      await Promise.all(caps.splice(0).map((cap) => cap.close()));
      await own.stop();
    }
  });
});
