// Fault injection: Redis SIGKILLed and restarted (empty) under load. The system runs as production does (every service in its
// own process, two gateways), with its market feed playing and the default models predicting every bar that closes; 200
// subscribers of `predictionCreated(after:)` on 20 connections over both gateways. Prints what it measured ([faults] lines).
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect, createViewer, graphqlData, report, seconds, until, type ProbeConnection, type SubscriptionProbe } from './support/fault-clients.js';
import { faultQuota, loginFaultAdmin, startFaultStack, stopFaultStackAfterAll, type FaultStack } from './support/fault-stack.js';

/** 20 viewers, each at the quota: SUBSCRIPTIONS_PER_USER subscriptions on one connection, half of them on each gateway. */
const viewers = 20;
const predictionsQuery = 'subscription($after: ID) { predictionCreated(after: $after) { id } }';

let stack: FaultStack;
let token: string;

/** Every stored prediction id above `after`, oldest first (the API lists newest first, 100 a page). */
async function storedIdsAbove(after: bigint): Promise<bigint[]> {
  const ids: bigint[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = (
      await graphqlData(
        stack.urls.gatewayA,
        'query($after: String) { predictions(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        { after: cursor },
        token,
      )
    ).predictions;
    const pageIds = (page.edges as { node: { id: string } }[]).map((edge) => BigInt(edge.node.id));
    ids.push(...pageIds.filter((id) => id > after));
    if (!page.pageInfo.hasNextPage || pageIds.some((id) => id <= after)) break;
    cursor = page.pageInfo.endCursor as string;
  }
  return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const newestStoredId = async () =>
  BigInt((await graphqlData(stack.urls.gatewayA, '{ predictions(first: 1) { edges { node { id } } } }', {}, token)).predictions.edges[0]?.node.id ?? '0');
const idsOf = (probe: SubscriptionProbe) =>
  probe.events.flatMap((event) => (event.value.data ? [BigInt(event.value.data.predictionCreated.id as string)] : []));

beforeAll(async () => {
  const started = performance.now();
  // A fresh installation whose offline feed runs a feed day every 5 s, until the default intraday models have data enough to
  // train (three feed days) and predict; then at 600× (a five-minute bar of each of the 7 assets every half second): about 14
  // predictions a second, made by the system itself.
  stack = await startFaultStack({
    market: { EXCHANGE_FEED: 'replay', REPLAY_SPEED: '17280' },
    predictions: { DEFAULT_MODELS: 'on' },
    worker: { DEFAULT_MODELS: 'on' },
  });
  token = await loginFaultAdmin(stack);
  const probe = connect(stack.urls.gatewayA, token);
  const live = probe.subscribe<{ predictionCreated: { model: { name: string } } }>('subscription { predictionCreated { model { name } } }', {});
  await until(
    () => live.events.some((event) => /intraday/.test(event.value.data?.predictionCreated.model.name ?? '')),
    'the default intraday models to predict',
    200_000,
  );
  const intradayAt = performance.now();
  await stack.process('market').stop();
  await stack.start('market', { REPLAY_SPEED: '600' });
  await probe.close();
  report('stack with the feed and default models', {
    processes: 6,
    startToIntradayPredictionsSeconds: seconds(intradayAt - started),
    replaySpeedThen: 600,
    readySeconds: seconds(performance.now() - started),
  });
}, 300_000);

stopFaultStackAfterAll(() => stack);

describe('faults', () => {
  it('Redis SIGKILLed and restarted under load: nothing exits, all 200 subscribers resume on their connections, no prediction lost or repeated, the quota is written back', async () => {
    // Four at a time: each creation and login hashes a password (the gateways give a subgraph 2 s here).
    const accounts: { id: string; token: string }[] = [];
    for (let index = 0; index < viewers; index += 4)
      accounts.push(...(await Promise.all([0, 1, 2, 3].map((offset) => createViewer(stack.urls.gatewayA, token, `faults_redis_${index + offset}`)))));
    const after = await newestStoredId();
    const connections: ProbeConnection[] = accounts.map((account, index) =>
      connect(index % 2 === 0 ? stack.urls.gatewayA : stack.urls.gatewayB, account.token),
    );
    const subscribers = connections.flatMap((connection) =>
      Array.from({ length: faultQuota.perUser }, () => connection.subscribe(predictionsQuery, { after: String(after) })),
    );
    const redis = new Redis(stack.redis.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    redis.on('error', () => undefined);
    try {
      await until(() => subscribers.every((probe) => idsOf(probe).length > 0), `predictions on all ${subscribers.length} subscribers`, 60_000).catch(
        async (error: unknown) => {
          throw new Error(
            `${String(error)}: ${JSON.stringify({ newest: String(await newestStoredId()), after: String(after), withData: subscribers.filter((probe) => idsOf(probe).length > 0).length, errors: subscribers.flatMap((probe) => probe.events.flatMap((event) => event.value.errors ?? [])).slice(0, 3), ended: subscribers.flatMap((probe) => probe.ended).slice(0, 3) })}`,
          );
        },
      );

      await stack.redis.kill();
      const killedAt = performance.now();
      const idAtKill = await newestStoredId();
      const deliveredAtKill = subscribers.reduce((sum, probe) => sum + probe.events.length, 0);
      // Down for 5 s (nothing published, no feed clock on the bus, rate limits and quota on their own in each gateway).
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(stack.crashed()).toEqual([]);
      const deliveredDuringOutage = subscribers.reduce((sum, probe) => sum + probe.events.length, 0) - deliveredAtKill;

      await stack.redis.restart();
      const restartedAt = performance.now();
      const idAtRestart = await newestStoredId();
      // Resumed: every subscriber has a prediction made after the restart.
      await until(
        async () => subscribers.every((probe) => idsOf(probe).some((id) => id > idAtRestart)),
        'every subscriber to receive a prediction made after the restart',
        60_000,
      ).catch(async (error: unknown) => {
        const resumed = subscribers.map((probe) => idsOf(probe).some((id) => id > idAtRestart));
        throw new Error(
          `${String(error)}: ${JSON.stringify({ idAtKill: String(idAtKill), idAtRestart: String(idAtRestart), newest: String(await newestStoredId()), resumedOnA: resumed.filter((done, index) => done && Math.floor(index / faultQuota.perUser) % 2 === 0).length, resumedOnB: resumed.filter((done, index) => done && Math.floor(index / faultQuota.perUser) % 2 === 1).length, lastIds: subscribers.filter((_, index) => index % faultQuota.perUser === 0).map((probe) => String(idsOf(probe).at(-1))), errors: subscribers.flatMap((probe) => probe.events.flatMap((event) => event.value.errors ?? [])).slice(0, 3), ended: subscribers.flatMap((probe) => probe.ended).slice(0, 3), crashed: stack.crashed().map((entry) => entry.name), feed: (await graphqlData(stack.urls.gatewayA, '{ marketFeed { mode time lagSeconds } }', {}, token)).marketFeed })}\nmarket: ${stack.process('market').output().slice(-3000)}\nworker: ${stack.process('worker').output().slice(-3000)}\npredictions: ${stack.process('predictions').output().slice(-2000)}`,
        );
      });
      const resumedAt = performance.now();

      // The gateways wrote their quota slots back into the empty Redis: a viewer at the quota is refused an 11th.
      const quotaKey = `${stack.env.EVENT_BUS_PREFIX}:subscription-holds:{user:${accounts[0]!.id}}`;
      await until(
        async () => (await redis.hvals(quotaKey)).map(Number).reduce((sum, count) => sum + count, 0) === faultQuota.perUser,
        'the quota slots back in Redis',
        10_000,
      );
      const quotaRestoredAt = performance.now();
      const extra = connections[0]!.subscribe(predictionsQuery, {});
      await until(() => extra.ended.length > 0 || extra.events.length > 0, 'the answer to an 11th subscription', 10_000);
      expect((extra.ended[0] as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code).toBe('RATE_LIMITED');

      // Nothing lost, nothing repeated: each subscriber got exactly the stored predictions after `after`, in order, up to its newest.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const received = subscribers.map(idsOf);
      const newestReceived = received.reduce((max, ids) => (ids.at(-1)! > max ? ids.at(-1)! : max), after);
      const stored = await storedIdsAbove(after);
      let lost = 0;
      let duplicates = 0;
      for (const ids of received) {
        const expected = stored.filter((id) => id <= ids.at(-1)!);
        duplicates += ids.length - new Set(ids).size;
        lost += expected.filter((id) => !ids.includes(id)).length;
        expect(ids).toEqual(expected);
      }
      const errorEvents = subscribers.reduce((sum, probe) => sum + probe.events.filter((event) => event.value.errors).length, 0);
      expect(errorEvents).toBe(0);
      expect(subscribers.flatMap((probe) => probe.ended)).toEqual([]);
      expect(connections.map((connection) => connection.connections())).toEqual(connections.map(() => 1));
      expect(stack.crashed()).toEqual([]);
      expect(idAtRestart).toBeGreaterThanOrEqual(idAtKill);
      // The market feed outlived the outage (a failed step restarts it after its last whole step).
      expect((await graphqlData(stack.urls.gatewayA, '{ marketFeed { mode } }', {}, token)).marketFeed.mode).toBe('simulated');
      const feedRestarts = stack.process('market').output().split('offline feed stopped by an error').length - 1;
      report('Redis SIGKILL under load', {
        subscribers: subscribers.length,
        connections: connections.length,
        gateways: 2,
        predictionsDuringScenario: stored.filter((id) => id <= newestReceived).length,
        predictionsStoredWhileDown: stored.filter((id) => id > idAtKill && id <= idAtRestart).length,
        deliveries: received.reduce((sum, ids) => sum + ids.length, 0),
        deliveredDuringOutage,
        outageSeconds: seconds(restartedAt - killedAt),
        restartToAllResumedSeconds: seconds(resumedAt - restartedAt),
        restartToQuotaRestoredSeconds: seconds(quotaRestoredAt - restartedAt),
        feedRestartsAfterFailedSteps: feedRestarts,
        errorsSeen: errorEvents,
        clientReconnects: 0,
        processesExited: 0,
        lost,
        duplicates,
      });
    } finally {
      redis.disconnect();
      await Promise.all(connections.map((connection) => connection.close()));
    }
  }, 180_000);
});
