// Scenario: SUBSCRIPTIONS_PER_USER counted across two gateways on one Redis, whatever carries the subscriptions
// (graphql-ws, SSE in both modes): one more is refused on either gateway and any transport; a subscription that ends
// frees its slot everywhere; the count never goes below zero when a refused subscription or an already ended one is
// closed again.
import { testEnvironment, waitFor } from '@cryptograph/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { startCustomGateway, type CustomGateway } from '../support/custom-gateway.js';
import { openSocket, openStream, type OpenConnection } from '../support/open-connections.js';
import { startE2eStack, type TestStack } from '../support/stack.js';

const perUser = 3;
let stack: TestStack;
let gatewayA: CustomGateway;
let gatewayB: CustomGateway;

const subscribers = () => gatewayA.server.subscriptionStats().subscribers + gatewayB.server.subscriptionStats().subscribers;
/** Slots of the viewer in Redis, summed over the gateways that hold them. */
async function slotsInRedis(userId: string): Promise<number> {
  const redis = new Redis(stack.env.REDIS_URL!);
  try {
    const holds = await redis.hgetall(`${stack.env.EVENT_BUS_PREFIX}:subscription-holds:{user:${userId}}`);
    return Object.values(holds).reduce((sum, count) => sum + Number(count), 0);
  } finally {
    redis.disconnect();
  }
}
const refusal = (connection: OpenConnection) => connection.errors()[0]?.extensions?.code;

/** Waits until `connection` is either running on a gateway (one more subscriber than `before`) or refused. */
async function settled(connection: OpenConnection, before: number): Promise<'running' | 'refused'> {
  await waitFor(() => subscribers() > before || refusal(connection) !== undefined, 'the subscription to run or be refused', 10_000);
  return refusal(connection) === 'RATE_LIMITED' ? 'refused' : 'running';
}

describe.runIf(testEnvironment().redisUrl)('the subscription quota across gateways and transports', () => {
  let viewer: Account;

  beforeAll(async () => {
    stack = await startE2eStack({ RATE_LIMIT_ENABLED: 'false' });
    const quota = { SUBSCRIPTIONS_PER_USER: String(perUser), WS_MAX_CONNECTIONS_PER_ADDRESS: '50' };
    gatewayA = await startCustomGateway(stack, {}, quota);
    gatewayB = await startCustomGateway(stack, {}, quota);
    viewer = await signUp(stack, 'cluster_quota');
  }, 120_000);

  afterAll(async () => {
    await gatewayA?.stop();
    await gatewayB?.stop();
    await stack?.stop();
  });

  it('refuses one more on either gateway and any transport, and frees a slot everywhere when one ends', async () => {
    const caller = { token: viewer.accessToken };
    const open: OpenConnection[] = [];
    try {
      // At the quota: a WebSocket on A, an SSE stream on B, an SSE single connection on A.
      for (const connect of [
        () => openSocket(gatewayA.url, caller),
        async () => openStream(gatewayB.url, caller, 'distinct'),
        async () => openStream(gatewayA.url, caller, 'single'),
      ]) {
        const before = subscribers();
        const connection = await connect();
        open.push(connection);
        expect(await settled(connection, before)).toBe('running');
      }
      expect(subscribers()).toBe(perUser);

      const extra = [await openSocket(gatewayB.url, caller), openStream(gatewayB.url, caller, 'single'), openStream(gatewayA.url, caller, 'distinct')];
      open.push(...extra);
      for (const connection of extra) expect(await settled(connection, perUser)).toBe('refused');
      expect(subscribers()).toBe(perUser);
      // Closing refused subscriptions again gives nothing back that was never taken.
      for (const connection of extra) connection.close();

      // The WebSocket on A ends: its slot is free on B too, for an SSE stream; then the quota is full again.
      open[0]!.close();
      await waitFor(() => subscribers() === perUser - 1, 'the ended subscription to leave gateway A');
      // Gateway A gives the slot back in Redis right after (one script call).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const replacement = openStream(gatewayB.url, caller, 'distinct');
      open.push(replacement);
      expect(await settled(replacement, perUser - 1)).toBe('running');
      const onePastAgain = await openSocket(gatewayA.url, caller);
      open.push(onePastAgain);
      expect(await settled(onePastAgain, perUser)).toBe('refused');
      expect(await slotsInRedis(viewer.id)).toBe(perUser);
    } finally {
      for (const connection of open) connection.close();
    }
    // Every slot given back once, none twice: nothing left, nothing below zero.
    await waitFor(() => subscribers() === 0, 'every subscription to end');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await slotsInRedis(viewer.id)).toBe(0);
  }, 60_000);
});
