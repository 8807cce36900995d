// Fault injection: the whole system as production runs it (every service in its own process on real Postgres and
// Redis), hurt one part at a time. Each scenario prints what it measured ([faults] lines).
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  connect,
  createViewer,
  graphql,
  graphqlData,
  report,
  seconds,
  subscribe,
  tickPublisher,
  until,
  type ProbeConnection,
  type SubscriptionProbe,
} from './support/fault-clients.js';
import { faultAdmin, faultQuota, loginFaultAdmin, startFaultStack, stopFaultStackAfterAll, type FaultStack } from './support/fault-stack.js';
import { createTrainedModels, runPrediction, trainModel, waitForJob, watchJobs } from './support/fault-models.js';

let stack: FaultStack;
let token: string;
/** Trained BTC models, one prediction each at the latest bar (predictions are unique per model and bar). */
let models: string[];

/** Queue settings of the predictions subgraph (which enqueues) and the worker: a vanished worker's job is retried after 8 s. */
const queueEnv = { JOB_TIMEOUT_SECONDS: '8', JOB_RETRY_DELAY_SECONDS: '1' };
/** A worker taking a second per progress step, so that a fault can land in the middle of a job. */
const slowWorkerEnv = { JOB_STEP_DELAY_MS: '1000' };
let workerIsSlow = false;

/** Replaces the worker by a slow one (once). */
async function useSlowWorker(): Promise<void> {
  if (workerIsSlow) return;
  await stack.process('worker').stop();
  await stack.start('worker', slowWorkerEnv);
  workerIsSlow = true;
}

beforeAll(async () => {
  const started = performance.now();
  stack = await startFaultStack({ predictions: queueEnv, worker: queueEnv });
  token = await loginFaultAdmin(stack);
  const ready = performance.now();
  models = await createTrainedModels(stack.urls.gatewayA, token, 10);
  report('stack', { processes: 6, startSeconds: seconds(ready - started), trainedModels: models.length, trainSeconds: seconds(performance.now() - ready) });
}, 180_000);

stopFaultStackAfterAll(() => stack);

describe('faults', () => {
  it('market subgraph SIGKILLed and restarted: the gateway stays up, market fields fail clearly, users fields work, price subscriptions resume on the same connection', async () => {
    const gateway = stack.urls.gatewayA;
    const ticks = tickPublisher(stack.redis.url, stack.env.EVENT_BUS_PREFIX!, 'BTC');
    const prices = subscribe(gateway, 'subscription { priceUpdated(symbols: ["BTC"]) { symbol price } }', {}, token);
    try {
      await until(() => prices.events.some((event) => event.value.data), 'price ticks before the kill', 15_000);

      const killedAt = performance.now();
      await stack.kill('market');
      const notice = await until(() => prices.events.some((event) => event.value.errors), 'the DOWNSTREAM_SERVICE_ERROR notice', 10_000);
      const [noticeEvent] = prices.events.filter((event) => event.value.errors);
      expect(noticeEvent!.value).toEqual({
        data: null,
        errors: [
          {
            message: 'The market service is unavailable; this subscription resumes when it is back.',
            extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'market' },
          },
        ],
      });

      const mixed = await graphql(gateway, '{ me { username } asset(symbol: "BTC") { name } }', {}, token);
      expect(mixed.body.data).toEqual({ me: { username: faultAdmin.username }, asset: null });
      expect(mixed.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'market' } })]);
      expect(mixed.ms).toBeLessThan(2_000);
      const eventsBeforeRestart = prices.events.length;

      // Down for a while, as in a crash loop's backoff: the gateway keeps retrying meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const restartAt = performance.now();
      await stack.start('market');
      const readyAt = performance.now();
      await until(() => prices.events.slice(eventsBeforeRestart).some((event) => event.value.data), 'price ticks after the restart', 20_000);
      const resumedAt = prices.events.slice(eventsBeforeRestart).find((event) => event.value.data)!.at;

      expect(prices.connections()).toBe(1);
      expect(prices.ended).toEqual([]);
      expect(stack.process('gatewayA').hasExited()).toBe(false);
      expect(resumedAt - restartAt).toBeLessThan(10_000 + (readyAt - restartAt));
      expect(resumedAt - readyAt).toBeLessThan(10_000);
      report('market SIGKILL', {
        noticeAfterKillSeconds: seconds(notice),
        notices: prices.events.filter((event) => event.value.errors).length,
        usersFieldDuringOutage: 'ok',
        marketFieldCode: 'DOWNSTREAM_SERVICE_ERROR',
        downSeconds: seconds(restartAt - killedAt),
        restartToReadySeconds: seconds(readyAt - restartAt),
        readyToFirstTickSeconds: seconds(resumedAt - readyAt),
        clientReconnects: prices.connections() - 1,
        gatewayExited: false,
      });
    } finally {
      await prices.stop();
      await ticks.stop();
    }
  }, 90_000);

  it("a gateway SIGKILLed: its client reconnects to another gateway and, with `after`, gets every prediction published meanwhile, then live ones, without duplicates; the subscription quota holds across both gateways and the dead gateway's slots free up within its lease", async () => {
    const query = 'subscription($after: ID) { predictionCreated(symbols: ["BTC"], after: $after) { id value model { id } } }';
    // A viewer at the quota (SUBSCRIPTIONS_PER_USER across gateways), its subscriptions spread over both gateways.
    const viewer = await createViewer(stack.urls.gatewayA, token, 'faults_quota');
    const xrp = 'subscription { priceUpdated(symbols: ["XRP"]) { price } }';
    const ticks = tickPublisher(stack.redis.url, stack.env.EVENT_BUS_PREFIX!, 'XRP');
    const [quotaOnA, quotaOnB] = [connect(stack.urls.gatewayA, viewer.token), connect(stack.urls.gatewayB, viewer.token)];
    /** One more subscription of the viewer, once it is either flowing or refused. */
    const attempt = async (connection: ProbeConnection) => {
      const probe = connection.subscribe(xrp, {});
      await until(() => probe.events.length > 0 || probe.ended.length > 0, 'a subscription to flow or be refused', 10_000);
      return { probe, refusal: (probe.ended[0] as { extensions?: { code?: string } }[] | undefined)?.[0]?.extensions?.code };
    };
    const before = subscribe(stack.urls.gatewayB, query, { after: '0' }, token);
    let after: SubscriptionProbe | undefined;
    try {
      const held = [
        ...Array.from({ length: 6 }, () => quotaOnA.subscribe(xrp, {})),
        ...Array.from({ length: faultQuota.perUser - 6 }, () => quotaOnB.subscribe(xrp, {})),
      ];
      await until(() => held.every((probe) => probe.events.length > 0), `the viewer's ${faultQuota.perUser} subscriptions to flow`, 15_000);
      expect((await attempt(quotaOnA)).refusal).toBe('RATE_LIMITED');
      expect((await attempt(quotaOnB)).refusal).toBe('RATE_LIMITED');

      // `after: "0"`: from the first prediction on, whenever the subscription reaches the subgraph.
      const first = await runPrediction(stack.urls.gatewayA, token, models[0]!);
      await until(() => before.events.some((event) => event.value.data?.predictionCreated.id === first), 'the first prediction on gateway B', 15_000);
      const lastSeen = before.events.at(-1)!.value.data.predictionCreated.id as string;

      const killedAt = performance.now();
      await stack.kill('gatewayB');
      await until(() => before.ended.length > 0, 'the client to notice the dead gateway', 10_000);

      // B's slots count until its lease lapses (it renews every third of it while alive), then gateway A grants them, and no more.
      let freedAt = 0;
      while (freedAt === 0) {
        if ((await attempt(quotaOnA)).refusal === undefined) freedAt = performance.now();
        else if (performance.now() - killedAt > 15_000) throw new Error("the dead gateway's slots were not freed in 15 s");
        else await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const regranted = [true];
      for (let index = 1; index < faultQuota.perUser - 6; index += 1) regranted.push((await attempt(quotaOnA)).refusal === undefined);
      expect(regranted.every(Boolean)).toBe(true);
      expect((await attempt(quotaOnA)).refusal).toBe('RATE_LIMITED');
      expect(freedAt - killedAt).toBeLessThan((faultQuota.leaseSeconds + 2) * 1000);

      const meanwhile: string[] = [];
      for (const model of models.slice(1, 4)) meanwhile.push(await runPrediction(stack.urls.gatewayA, token, model));

      const reconnectAt = performance.now();
      after = subscribe(stack.urls.gatewayA, query, { after: lastSeen }, token);
      await until(() => after!.events.length >= meanwhile.length, 'the missed predictions', 15_000);
      const replayedAt = after.events[meanwhile.length - 1]!.at;
      const live = await runPrediction(stack.urls.gatewayA, token, models[4]!);
      await until(() => after!.events.some((event) => event.value.data?.predictionCreated.id === live), 'the live prediction', 15_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const received = after.events.map((event) => event.value.data?.predictionCreated.id as string);
      const stored = (
        await graphqlData(stack.urls.gatewayA, '{ predictions(symbol: "BTC", first: 100) { edges { node { id } } } }', {}, token)
      ).predictions.edges.map((edge: { node: { id: string } }) => edge.node.id) as string[];
      const expected = stored.filter((id) => BigInt(id) > BigInt(lastSeen)).sort((a, b) => Number(BigInt(a) - BigInt(b)));
      expect(received).toEqual([...meanwhile, live]);
      expect(received).toEqual(expected);
      expect(after.events.filter((event) => event.value.errors)).toEqual([]);
      expect(stack.process('gatewayA').hasExited()).toBe(false);
      report('gateway SIGKILL', {
        publishedWhileDisconnected: meanwhile.length,
        replayedAfterReconnect: after.events.filter((event) => meanwhile.includes(event.value.data?.predictionCreated.id)).length,
        duplicates: received.length - new Set(received).size,
        lost: expected.filter((id) => !received.includes(id)).length,
        reconnectToReplayedSeconds: seconds(replayedAt - reconnectAt),
        disconnectedSeconds: seconds(reconnectAt - killedAt),
        quotaPerUserAcrossGateways: faultQuota.perUser,
        deadGatewaySlotsFreedAfterSeconds: seconds(freedAt - killedAt),
        leaseSeconds: faultQuota.leaseSeconds,
      });
    } finally {
      await Promise.all([after?.stop(), before.client.dispose(), quotaOnA.close(), quotaOnB.close(), ticks.stop()]);
    }
  }, 120_000);

  it('the predictions subgraph SIGKILLed while the worker keeps publishing: the open prediction subscription resumes after its last event, on the same connection, nothing lost or repeated', async () => {
    await useSlowWorker();
    const gateway = stack.urls.gatewayA;
    const latest =
      (await graphqlData(gateway, '{ predictions(symbol: "BTC", first: 1) { edges { node { id } } } }', {}, token)).predictions.edges[0]?.node.id ?? '0';
    const feed = subscribe(gateway, 'subscription($after: ID) { predictionCreated(symbols: ["BTC"], after: $after) { id } }', { after: latest }, token);
    const jobs = await watchJobs(stack.redis.url, stack.env.EVENT_BUS_PREFIX!);
    try {
      const delivered = await runPrediction(gateway, token, models[7]!);
      await until(() => feed.events.some((event) => event.value.data?.predictionCreated.id === delivered), 'a prediction before the kill', 15_000);
      // Two jobs queued, then the subgraph dies: the (slow) worker finishes them while it is down.
      const queued: string[] = [];
      for (const model of models.slice(8, 10))
        queued.push(
          (await graphqlData(gateway, 'mutation($id: ID!) { runPredictions(modelId: $id) { id } }', { id: model }, token)).runPredictions.id as string,
        );
      await stack.kill('predictions');
      const killedAt = performance.now();
      await until(() => feed.events.some((event) => event.value.errors), 'the DOWNSTREAM_SERVICE_ERROR notice', 10_000);
      // Down until the worker has announced both predictions (and at least 3 s: the gateway keeps retrying meanwhile).
      await jobs.finished(queued, 60_000);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_000 - (performance.now() - killedAt))));
      const restartAt = performance.now();
      const restartWallClock = Date.now();
      await stack.start('predictions', queueEnv);
      const finished = await Promise.all(queued.map((id) => waitForJob(gateway, token, id)));
      for (const job of finished) expect(Date.parse(job.finishedAt!)).toBeLessThan(restartWallClock);
      const missed = finished.map((job) => String(job.result.predictionId));
      await until(
        () => missed.every((id) => feed.events.some((event) => event.value.data?.predictionCreated.id === id)),
        'the predictions made while the subgraph was down',
        20_000,
      );
      const caughtUpAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const received = feed.events.flatMap((event) => (event.value.data ? [event.value.data.predictionCreated.id as string] : []));
      expect(received).toEqual([delivered, ...missed]);
      expect(feed.events.filter((event) => event.value.errors).map((event) => event.value.errors![0]!.extensions)).toEqual([
        { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'predictions' },
      ]);
      expect(feed.connections()).toBe(1);
      expect(feed.ended).toEqual([]);
      report('predictions SIGKILL (resumable stream)', {
        madeWhileDown: missed.length,
        replayedOnSameConnection: missed.length,
        duplicates: received.length - new Set(received).size,
        lost: 0,
        downSeconds: seconds(restartAt - killedAt),
        restartToCaughtUpSeconds: seconds(caughtUpAt - restartAt),
      });
    } finally {
      await Promise.all([feed.stop(), jobs.close()]);
    }
  }, 120_000);

  it('the worker SIGKILLed mid-training: the job is retried by the restarted worker and finishes exactly once', async () => {
    await useSlowWorker();
    const model = models[5]!;
    const versionsOf = async () =>
      (await graphqlData(stack.urls.gatewayA, 'query($id: ID!) { model(id: $id) { versions { id } } }', { id: model }, token)).model.versions.length as number;
    const versionsBefore = await versionsOf();
    const jobId = await trainModel(stack.urls.gatewayA, token, model);
    await until(
      async () => {
        const job = (await graphqlData(stack.urls.gatewayA, 'query($id: ID!) { job(id: $id) { status progress } }', { id: jobId }, token)).job;
        return job.status === 'RUNNING' && job.progress > 0;
      },
      'the training to be under way',
      30_000,
    );
    const killedAt = performance.now();
    await stack.kill('worker');
    const restartedAt = performance.now();
    await stack.start('worker', slowWorkerEnv);
    const job = await waitForJob(stack.urls.gatewayA, token, jobId, 60_000);
    const finishedAt = performance.now();
    expect(job).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(await versionsOf()).toBe(versionsBefore + 1);
    // Nothing runs it again later: still one version, still SUCCEEDED after a retry interval.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await versionsOf()).toBe(versionsBefore + 1);
    expect((await waitForJob(stack.urls.gatewayA, token, jobId)).status).toBe('SUCCEEDED');
    report('worker SIGKILL mid-training', {
      attempts: job.attempts,
      versionsCreated: (await versionsOf()) - versionsBefore,
      restartToDoneSeconds: seconds(finishedAt - restartedAt),
      killToDoneSeconds: seconds(finishedAt - killedAt),
      timesFinished: 1,
    });
  }, 120_000);

  it('Postgres stopped for 20 s: requests fail within 2 s with a clear code, nothing exits, everything recovers without a restart, no job or prediction lost', async () => {
    const gateway = stack.urls.gatewayA;
    const probes: Record<string, string> = {
      users: '{ me { username } }',
      market: '{ asset(symbol: "ETH") { name } }',
      predictions: '{ models(first: 1) { edges { node { id } } } }',
    };
    const predictions = subscribe(gateway, 'subscription($after: ID) { predictionCreated(symbols: ["BTC"], after: $after) { id } }', { after: '0' }, token);
    const ticks = tickPublisher(stack.redis.url, stack.env.EVENT_BUS_PREFIX!, 'ETH');
    const prices = subscribe(gateway, 'subscription { priceUpdated(symbols: ["ETH"]) { price } }', {}, token);
    try {
      await until(() => prices.events.length > 0, 'price ticks before the outage', 15_000);
      await useSlowWorker();
      const existing = predictions.events.length;
      // A prediction job under way when the database goes (the worker takes a second per step).
      const jobId = (await graphqlData(gateway, 'mutation($id: ID!) { runPredictions(modelId: $id) { id } }', { id: models[6] }, token)).runPredictions
        .id as string;
      await until(
        async () => (await graphqlData(gateway, 'query($id: ID!) { job(id: $id) { status } }', { id: jobId }, token)).job.status === 'RUNNING',
        'the prediction job to run',
        20_000,
      );

      await stack.postgres.halt();
      const haltedAt = performance.now();
      const codes = new Map<string, Set<string>>();
      let slowest = 0;
      let requests = 0;
      const ticksBefore = prices.events.length;
      while (performance.now() - haltedAt < 20_000) {
        const answers = await Promise.all(Object.entries(probes).map(async ([service, query]) => [service, await graphql(gateway, query, {}, token)] as const));
        for (const [service, answer] of answers) {
          requests += 1;
          slowest = Math.max(slowest, answer.ms);
          const set = codes.get(service) ?? new Set<string>();
          for (const error of answer.body.errors ?? [])
            set.add(`${String(error.extensions?.code)}${error.extensions?.serviceName ? `(${String(error.extensions.serviceName)})` : ''}`);
          if (!answer.body.errors) set.add('ok');
          codes.set(service, set);
        }
        expect(stack.crashed()).toEqual([]);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const ticksDuringOutage = prices.events.length - ticksBefore;

      await stack.postgres.resume();
      const resumedAt = performance.now();
      const recovery = await until(
        async () => {
          const answers = await Promise.all(Object.values(probes).map((query) => graphql(gateway, query, {}, token)));
          return answers.every((answer) => answer.status === 200 && !answer.body.errors);
        },
        'every subgraph to answer again',
        30_000,
      );
      const job = await waitForJob(gateway, token, jobId, 60_000);
      await until(() => predictions.events.length > existing, 'the prediction of the job caught by the outage', 20_000);

      for (const [service, seen] of codes) {
        expect(
          [...seen].filter((code) => code !== 'ok'),
          service,
        ).toEqual([`DOWNSTREAM_SERVICE_ERROR(${service})`]);
      }
      expect(slowest).toBeLessThan(2_000);
      expect(stack.crashed()).toEqual([]);
      expect(job.status).toBe('SUCCEEDED');
      expect(predictions.events.slice(existing).map((event) => event.value.data?.predictionCreated.id)).toEqual([String(job.result.predictionId)]);
      expect(predictions.ended).toEqual([]);
      // Over 30 s the gateway's upstream sockets pinged the subgraphs and got their pongs: no spurious outage.
      expect(prices.events.filter((event) => event.value.errors)).toEqual([]);
      report('Postgres stopped 20 s', {
        requests,
        codes: [...codes].map(([service, seen]) => `${service}:${[...seen].join('|')}`).join(' '),
        slowestFailureSeconds: seconds(slowest),
        priceTicksDeliveredDuringOutage: ticksDuringOutage,
        processesExited: 0,
        recoverySeconds: seconds(recovery),
        jobCaughtByOutage: `${job.status} after ${job.attempts} attempts`,
        predictionsLost: 0,
        resumeToPredictionSeconds: seconds(performance.now() - resumedAt),
      });
    } finally {
      await Promise.all([predictions.stop(), prices.stop(), ticks.stop()]);
    }
  }, 150_000);

  it('clients flooding connection_init or pings and a client that never reads: memory bounded, other clients unaffected', async () => {
    const gateway = stack.urls.gatewayA;
    const socketUrl = `${gateway.replace('http', 'ws')}/graphql`;
    const rss = async () => Number(/^process_resident_memory_bytes\{[^}]*\} (\d+)/m.exec(await (await fetch(`${gateway}/metrics`)).text())?.[1]);
    const ticks = tickPublisher(stack.redis.url, stack.env.EVENT_BUS_PREFIX!, 'SOL', 50);
    const victim = subscribe(gateway, 'subscription { priceUpdated(symbols: ["SOL"]) { price } }', {}, token);
    const open = (): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const socket = new WebSocket(socketUrl, 'graphql-transport-ws');
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    try {
      await until(() => victim.events.length > 5, 'the victim subscription to flow', 15_000);
      const baseline = await rss();
      const floodStarted = performance.now();
      const victimEventsBefore = victim.events.length;

      // connection_init floods: each connection is closed at its second init.
      const initCodes = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const socket = await open();
          const closed = closeCode(socket);
          for (let index = 0; index < 200; index += 1) socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
          return closed;
        }),
      );

      // Ping floods from clients that never read: 64 KiB payloads echoed back, and WebSocket ping
      // frames; and a subscriber of the same ticks as the victim that never reads them.
      let pingedBytes = 0;
      const payload = { pad: 'x'.repeat(64 * 1024) };
      const flooders = await Promise.all([open(), open()]);
      const neverReads = await open();
      for (const socket of [...flooders, neverReads]) socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      neverReads.send(
        JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { priceUpdated(symbols: ["SOL"]) { price symbol asset { name } } }' } }),
      );
      for (const socket of [...flooders, neverReads]) (socket as unknown as { _socket: { pause(): void } })._socket.pause();
      let peak = baseline;
      const flooding = performance.now();
      while (performance.now() - flooding < 20_000 && pingedBytes < 160 * 1024 * 1024 && flooders.some((socket) => socket.readyState === WebSocket.OPEN)) {
        for (let index = 0; index < 40; index += 1) {
          if (flooders[0]!.readyState === WebSocket.OPEN) {
            flooders[0]!.send(JSON.stringify({ type: 'ping', payload }));
            pingedBytes += 64 * 1024;
          }
          if (flooders[1]!.readyState === WebSocket.OPEN) flooders[1]!.ping(Buffer.alloc(125));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
        peak = Math.max(peak, await rss());
      }
      for (const socket of [...flooders, neverReads]) socket.terminate();
      const floodSeconds = (performance.now() - floodStarted) / 1000;
      const after = await rss();

      const gaps = victim.events.slice(victimEventsBefore).map((event, index, events) => (index === 0 ? 0 : event.at - events[index - 1]!.at));
      const maxGap = Math.max(...gaps);
      report('floods', {
        initFloodConnectionsClosed4429: initCodes.filter((code) => code === 4429).length,
        pingPayloadMegabytesSent: Math.round(pingedBytes / 1024 / 1024),
        gatewayRssBaselineMB: Math.round(baseline / 1024 / 1024),
        gatewayRssPeakMB: Math.round(peak / 1024 / 1024),
        gatewayRssAfterMB: Math.round(after / 1024 / 1024),
        victimEventsDuringFlood: victim.events.length - victimEventsBefore,
        victimMaxGapSeconds: seconds(maxGap),
      });
      expect(initCodes.every((code) => code === 4429)).toBe(true);
      // The server keeps at most a few MiB per connection (WS_MAX_PENDING_BYTES), whatever the flooders
      // push (unbounded pongs grew it by more than what was pushed); what remains is garbage the GC reclaims.
      expect(pingedBytes).toBeGreaterThanOrEqual(150 * 1024 * 1024);
      expect(peak - baseline).toBeLessThan(Math.min(96 * 1024 * 1024, pingedBytes * 0.6));
      expect(victim.events.length - victimEventsBefore).toBeGreaterThan(floodSeconds * 5);
      expect(maxGap).toBeLessThan(2_000);
      expect(victim.ended).toEqual([]);
      expect(stack.crashed()).toEqual([]);
    } finally {
      await Promise.all([victim.stop(), ticks.stop()]);
    }
  }, 90_000);
});
