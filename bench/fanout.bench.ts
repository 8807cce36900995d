/**
 * Fan-out benchmark: price ticks delivered to 2,000 WebSocket subscribers of one identical
 * `priceUpdated` subscription through our gateway (bus → market subgraph → gateway shared stream →
 * every socket), against a plain `ws` server broadcasting the same frame to 2,000 sockets in the
 * same run, interleaved. Then publish → receive latency at 10 ticks/s. The subscribers live in a
 * forked process (src/fanout-clients.ts). Prints a table and writes it into bench/README.md.
 *
 *   npm run bench:fanout -w @cryptograph/bench          # defaults: 2,000 subscribers, 3 rounds of 5 s, 10 s latency, ~1.5 min
 *   BENCH_ROUNDS=5 BENCH_SECONDS=10 npm run bench:fanout -w @cryptograph/bench
 *   cd bench && npx tsx fanout.bench.ts --subscribers=2000 --rounds=3 --seconds=5 --warmup=1 --latency-seconds=10 --rate=10 --no-readme
 *   cd bench && node --cpu-prof --import tsx fanout.bench.ts --only=ours --rounds=1 --no-readme   # profile ours
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { startStack, type RunningStack } from '@cryptograph/app';
import { priceTickChannel } from '@cryptograph/core';
import { freshDatabaseUrl, startAvailableServers, type PostgresServer, type RedisServer } from './src/bench-servers.js';
import * as fanout from './src/fanout-types.js';
import { startRawBroadcaster, type BroadcastStats, type RawBroadcaster } from './src/raw-broadcast.js';
import { runHeaderLines, updateReadmeSection } from './src/readme.js';
import { adminAccessToken, benchAdmin, benchStackEnv } from './src/bench-stack-env.js';
import { elapsedLog, median, runBenchmark, setting, stopInOrder, type StopStep } from './src/bench-run.js';

/** The gateway's shared-subscription counters. */
type HubStats = ReturnType<RunningStack['subscriptionStats']>;

// ---------------------------------------------------------------------------------------------
// Settings

const onlyArg = process.argv.find((value) => value.startsWith('--only='))?.slice('--only='.length);
if (onlyArg !== undefined && onlyArg !== 'ours' && onlyArg !== 'raw') throw new Error(`--only must be "ours" or "raw", got "${onlyArg}"`);
const settings = {
  subscribers: Math.round(setting('subscribers', 'BENCH_SUBSCRIBERS', 2000, 1, 20_000)),
  seconds: setting('seconds', 'BENCH_SECONDS', 5, 1, 60),
  rounds: Math.round(setting('rounds', 'BENCH_ROUNDS', 3, 1, 15)),
  warmupSeconds: setting('warmup', 'BENCH_WARMUP_SECONDS', 1, 0, 30),
  latencySeconds: setting('latency-seconds', 'BENCH_LATENCY_SECONDS', 10, 0, 120),
  rate: setting('rate', 'BENCH_TICK_RATE', 10, 1, 1000),
  publishPerTurn: Math.round(setting('publish-per-turn', 'BENCH_PUBLISH_PER_TURN', 2, 1, 100)),
  writeReadme: !process.argv.includes('--no-readme') && onlyArg === undefined,
  only: onlyArg as fanout.FanoutTarget | undefined,
};
const targets: fanout.FanoutTarget[] = settings.only ? [settings.only] : ['ours', 'raw'];
/** Same as the gateway's WS_HIGH_WATER_MARK_BYTES default: the raw reference stops sending to a socket above it too. */
const highWaterMarkBytes = 256 * 1024;
const connectConcurrency = 100;
const symbol = 'BTC';
const subscriptionQuery = `subscription { priceUpdated(symbols: ["${symbol}"]) { symbol price ts } }`;
const targets_p99_ms = 50;
const target_ratio = 0.8;

// How long a run should take: runBenchmark stops it after twice that.
const expectedSeconds =
  60 +
  settings.subscribers / 100 +
  settings.rounds * targets.length * (settings.warmupSeconds + settings.seconds + 3) +
  targets.length * (settings.latencySeconds + 4);

// ---------------------------------------------------------------------------------------------
// Infrastructure (everything started here is stopped by cleanup())

let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;
let stack: RunningStack | undefined;
let raw: RawBroadcaster | undefined;
let clients: ClientProcess | undefined;
let dataDir: string | undefined;

async function cleanup(): Promise<void> {
  const steps: StopStep[] = [
    ['client process', clients?.close],
    ['raw broadcaster', raw?.close],
    ['stack', stack?.stop],
    ['redis', redis?.stop],
    ['postgres', postgres?.stop],
  ];
  clients = raw = stack = redis = postgres = undefined;
  await stopInOrder(steps);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

// ---------------------------------------------------------------------------------------------
// The subscriber process

/** The forked process holding the client sockets, driven by request/answer commands over IPC. */
class ClientProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #seq = 0;

  constructor() {
    // Not profiled with the benchmark (--cpu-prof would profile the clients too).
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--cpu-prof'));
    this.#child = fork(new URL('./src/fanout-clients.ts', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    this.#child.on('message', (reply: fanout.FanoutReply) => {
      const pending = this.#pending.get(reply.seq);
      this.#pending.delete(reply.seq);
      if (!pending) return;
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new Error(`client process: ${reply.error}`));
    });
    this.#child.once('exit', (code, signal) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`client process exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  request<T>(command: fanout.FanoutCommand, timeoutMs = 60_000): Promise<T> {
    const seq = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(seq);
        reject(new Error(`client process did not answer "${command.type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(seq, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.#child.send({ seq, command });
    });
  }

  close = async (): Promise<void> => {
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      const exited = new Promise((resolve) => this.#child.once('exit', resolve));
      await this.request({ type: 'close' }, 10_000).catch(() => undefined);
      await Promise.race([exited, sleep(3_000)]);
      if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** The soft open-files limit of this process (Linux), or null where /proc is not available. */
function openFilesLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((row) => row.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft === undefined || soft === 'unlimited' ? null : Number(soft);
  } catch {
    return null;
  }
}

/** Wall-clock time in ms with sub-ms precision; comparable across processes of one machine. */
const preciseNow = () => performance.timeOrigin + performance.now();

function diffStats(after: HubStats, before: HubStats): HubStats {
  const keys = Object.keys(after) as (keyof HubStats)[];
  return Object.fromEntries(keys.map((key) => [key, after[key] - before[key]])) as unknown as HubStats;
}

function diffBroadcast(after: BroadcastStats, before: BroadcastStats): BroadcastStats {
  return { broadcasts: after.broadcasts - before.broadcasts, sends: after.sends - before.sends, skipped: after.skipped - before.skipped };
}

function cpuShare(since: NodeJS.CpuUsage, ms: number): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / ms;
}

/**
 * Publishes ticks on the bus as fast as the system absorbs them: at most `perTurn` publishes per
 * event-loop turn (setImmediate), with up to `maxInFlight` awaiting Redis's reply, so the
 * pipeline (Redis → market subgraph → gateway) always holds a tick and the gateway does not wait
 * for the next one; what it cannot take is conflated (latest wins) before execution.
 */
function startSaturatingPublisher(bus: RunningStack['bus'], perTurn: number, maxInFlight = 2 * perTurn + 2) {
  let running = true;
  let published = 0;
  let failed = 0;
  let inFlight = 0;
  const loop = (async () => {
    while (running) {
      for (let i = 0; i < perTurn && inFlight < maxInFlight; i++) {
        // Prices of the same length as the check tick's, so frames are the same size as the raw reference's.
        const tick = { symbol, price: 40_000 + (published % 10_000) / 10 + 0.05, ts: new Date().toISOString() };
        inFlight += 1;
        published += 1;
        bus.publish(priceTickChannel, tick).then(
          () => (inFlight -= 1),
          () => {
            inFlight -= 1;
            failed += 1;
          },
        );
      }
      await nextTurn();
    }
    while (inFlight > 0) await sleep(5);
  })();
  return {
    published: () => published,
    failed: () => failed,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Waits until the target's sockets have received nothing new for a while (what was buffered has drained). */
async function settle(target: fanout.FanoutTarget): Promise<void> {
  let last = -1;
  let quiet = 0;
  const until = Date.now() + 15_000;
  while (quiet < 3 && Date.now() < until) {
    const { frames } = await clients!.request<fanout.HealthResult>({ type: 'health', target });
    quiet = frames === last ? quiet + 1 : 0;
    last = frames;
    await sleep(150);
  }
}

/** Runs `tick(k)` at `rate` per second for `seconds`, on a schedule that does not drift. */
async function paced(rate: number, seconds: number, tick: (k: number) => void): Promise<number> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    tick(k);
  }
  return total;
}

interface ThroughputRun {
  readonly round: number;
  readonly target: fanout.FanoutTarget;
  readonly count: fanout.CountResult;
  readonly deliveriesPerSecond: number;
  /** Share of one core used by the server process (stack + publisher, or the raw broadcaster) in the window. */
  readonly serverCpu: number;
  /** ours: ticks published in the window; raw: broadcast passes. */
  readonly sourceEvents: number;
  readonly hub?: HubStats;
  readonly broadcast?: BroadcastStats;
}

interface LatencyRun {
  readonly target: fanout.FanoutTarget;
  readonly ticks: number;
  readonly result: fanout.LatencyResult;
  readonly hub?: HubStats;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const log = elapsedLog(5);
  const failures: string[] = [];
  const n = settings.subscribers;

  // 0. File descriptors: this process holds both server sides (gateway + raw), the client process both client sides.
  const fdLimit = openFilesLimit();
  const fdNeeded = 2 * n + 512;
  if (fdLimit !== null && fdLimit < fdNeeded) {
    throw new Error(
      `the open-files limit is ${fdLimit}, this run needs about ${fdNeeded} (2 × ${n} sockets + servers): raise it in this shell (e.g. \`ulimit -n ${Math.max(fdNeeded, 8192)}\`) or lower --subscribers`,
    );
  }

  // 1. Throwaway Postgres and Redis (embedded fallbacks when their binaries are missing).
  [postgres, redis] = await startAvailableServers();
  const infrastructure = `${postgres ? 'real Postgres' : 'embedded PGlite (no Postgres binaries)'}, ${redis ? 'real Redis pub/sub' : 'in-process event bus (no redis-server)'}`;
  const loadBefore = loadavg()[0]!;
  log(`infrastructure: ${infrastructure}; open-files limit ${fdLimit ?? 'unknown'}; load average ${loadBefore.toFixed(2)} on ${cpus().length} cores`);

  // 2. The stack: no seeded history, no replay feed (this benchmark publishes its own ticks).
  dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-bench-fanout-'));
  const admin = benchAdmin();
  const env = benchStackEnv(
    { dataDir, admin, databaseUrl: await freshDatabaseUrl(postgres), redisUrl: redis?.url },
    // Every benchmark client connects from 127.0.0.1: lift the per-address connection cap with the subscription cap.
    {
      MARKET_SEED_DATA: 'false',
      REPLAY_SPEED: '0',
      SUBSCRIPTIONS_PER_USER: String(Math.max(100, n + 100)),
      WS_MAX_CONNECTIONS_PER_ADDRESS: String(Math.max(100, n + 100)),
    },
  );
  stack = await startStack(env);
  const gatewayWsUrl = `${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`;
  log(`stack up: gateway ${stack.gatewayUrl}`);

  const token = await adminAccessToken(stack.gatewayUrl, admin);

  // 3. The reference server and the subscriber process.
  raw = await startRawBroadcaster(highWaterMarkBytes);
  clients = new ClientProcess();

  // 4. Gateway subscribers: connection_init with the token, ack, identical subscription.
  const connectTimeout = 30_000 + n * 30;
  const ours = await clients.request<fanout.ConnectResult>(
    {
      type: 'connect',
      target: 'ours',
      url: gatewayWsUrl,
      count: n,
      concurrency: connectConcurrency,
      graphql: { connectionParams: { authorization: `Bearer ${token}` }, query: subscriptionQuery },
    },
    connectTimeout,
  );
  log(
    `gateway: ${ours.opened} sockets opened, ${ours.acked} acked, ${ours.subscribed} subscribed in ${ours.ms} ms${ours.failures.length ? `; failures: ${ours.failures.join(' | ')}` : ''}`,
  );
  if (ours.acked !== n || ours.subscribed !== n)
    throw new Error(`only ${ours.acked}/${n} gateway sockets got connection_ack and ${ours.subscribed}/${n} subscribed: ${ours.failures.join(' | ')}`);
  const attachUntil = Date.now() + 30_000;
  while (stack.subscriptionStats().subscribers < n && Date.now() < attachUntil) await sleep(50);
  const attached = stack.subscriptionStats();
  if (attached.subscribers !== n || attached.streams !== 1 || attached.upstreamOpened !== 1) {
    throw new Error(`expected ${n} subscribers on 1 shared stream (1 upstream), the gateway has ${JSON.stringify(attached)}`);
  }

  // 5. Correctness: every subscriber gets exactly the published tick as its first event. The
  //    check tick is re-published until all have it (the upstream subscription opens asynchronously).
  const checkTick = { symbol, price: 43_210.55, ts: '2024-01-02T03:04:05.678Z' };
  const expected = { priceUpdated: checkTick };
  let checking = true;
  const republish = (async () => {
    while (checking) {
      await stack!.bus.publish(priceTickChannel, checkTick);
      await sleep(250);
    }
  })();
  const oursCheck = await clients
    .request<fanout.CheckFirstResult>({ type: 'check-first', target: 'ours', expected, timeoutMs: 20_000 }, 40_000)
    .finally(() => (checking = false));
  await republish;
  log(`gateway check: ${oursCheck.ok}/${n} subscribers got the tick as their first event (${oursCheck.received} got a first frame) in ${oursCheck.ms} ms`);
  if (oursCheck.ok !== n || !oursCheck.sample) {
    throw new Error(
      `correctness check failed: ${oursCheck.ok}/${n} correct first events, ${oursCheck.received} received; examples: ${oursCheck.badExamples.join(' | ') || 'none'} (does Subscription.priceUpdated work yet?)`,
    );
  }
  /** The exact bytes of a gateway `next` frame: the raw reference broadcasts this string. */
  const frame = oursCheck.sample;

  // 6. Raw subscribers, and the same check of what they receive.
  if (targets.includes('raw')) {
    const rawConnect = await clients.request<fanout.ConnectResult>(
      { type: 'connect', target: 'raw', url: raw.url, count: n, concurrency: connectConcurrency },
      connectTimeout,
    );
    log(`raw: ${rawConnect.opened} sockets opened in ${rawConnect.ms} ms${rawConnect.failures.length ? `; failures: ${rawConnect.failures.join(' | ')}` : ''}`);
    if (rawConnect.opened !== n || raw.clients() !== n)
      throw new Error(`only ${rawConnect.opened}/${n} raw sockets opened (${raw.clients()} on the server): ${rawConnect.failures.join(' | ')}`);
    raw.broadcastOnce(frame);
    const rawCheck = await clients.request<fanout.CheckFirstResult>({ type: 'check-first', target: 'raw', expected, timeoutMs: 20_000 }, 40_000);
    if (rawCheck.ok !== n || rawCheck.sample !== frame)
      throw new Error(`raw check failed: ${rawCheck.ok}/${n} correct frames; examples: ${rawCheck.badExamples.join(' | ')}`);
  }
  log(`checked: every subscriber got the ack and a correct first event; frame (${Buffer.byteLength(frame)} bytes): ${frame}`);
  await settle('ours');

  // 7. Throughput: interleaved rounds (the order alternates), each with a warm-up, a counted window and a drain.
  const throughput: ThroughputRun[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const source =
        target === 'ours'
          ? (() => {
              const publisher = startSaturatingPublisher(stack!.bus, settings.publishPerTurn);
              return {
                events: publisher.published,
                stop: async () => {
                  await publisher.stop();
                  if (publisher.failed() > 0) failures.push(`${publisher.failed()} ticks could not be published`);
                },
              };
            })()
          : (() => {
              const loop = raw!.saturate(frame);
              return { events: () => raw!.stats().broadcasts, stop: loop.stop };
            })();
      await sleep(settings.warmupSeconds * 1000);
      const [hubBefore, broadcastBefore, eventsBefore, cpuBefore, windowStart] = [
        stack.subscriptionStats(),
        raw.stats(),
        source.events(),
        process.cpuUsage(),
        performance.now(),
      ];
      await clients.request({ type: 'count-start', target });
      await sleep(settings.seconds * 1000);
      const count = await clients.request<fanout.CountResult>({ type: 'count-stop', target });
      const [hubAfter, broadcastAfter, eventsAfter, serverCpu] = [
        stack.subscriptionStats(),
        raw.stats(),
        source.events(),
        cpuShare(cpuBefore, performance.now() - windowStart),
      ];
      await source.stop();
      const run: ThroughputRun = {
        round,
        target,
        count,
        deliveriesPerSecond: count.frames / count.seconds,
        serverCpu,
        sourceEvents: eventsAfter - eventsBefore,
        ...(target === 'ours' ? { hub: diffStats(hubAfter, hubBefore) } : { broadcast: diffBroadcast(broadcastAfter, broadcastBefore) }),
      };
      throughput.push(run);
      const detail = run.hub
        ? `${(run.sourceEvents / count.seconds).toFixed(0)} ticks/s published, ${(run.hub.eventsReceived / count.seconds).toFixed(0)}/s reached the gateway, ${(run.hub.eventsExecuted / count.seconds).toFixed(0)}/s executed, ${run.hub.eventsConflated} conflated in the hub, ${run.hub.deliveries} handed to sockets`
        : `${(run.broadcast!.broadcasts / count.seconds).toFixed(0)} passes/s, ${run.broadcast!.sends} sends, ${run.broadcast!.skipped} skipped (buffer full)`;
      log(
        `round ${round}/${settings.rounds} ${target.padEnd(4)}: ${run.deliveriesPerSecond.toFixed(0)} deliveries/s (${count.frames} frames in ${count.seconds.toFixed(2)} s, per socket ${count.perSocketMin}–${count.perSocketMax}); ${detail}; CPU server ${(serverCpu * 100).toFixed(0)} %, clients ${(count.clientCpu * 100).toFixed(0)} %; load ${loadavg()[0]!.toFixed(1)}`,
      );
      await settle(target);
    }
  }

  // 8. Latency: `rate` ticks/s for `latencySeconds`, `price` = publish time (ms since the epoch, sub-ms).
  const latency: LatencyRun[] = [];
  if (settings.latencySeconds > 0) {
    for (const target of targets) {
      const hubBefore = stack.subscriptionStats();
      await clients.request({ type: 'latency-start', target });
      let publishFailures = 0;
      const ticks = await paced(settings.rate, settings.latencySeconds, () => {
        const sent = preciseNow();
        const tick = { symbol, price: sent, ts: new Date(Math.floor(sent)).toISOString() };
        if (target === 'ours') stack!.bus.publish(priceTickChannel, tick).catch(() => (publishFailures += 1));
        else raw!.broadcastOnce(JSON.stringify({ id: fanout.subscriptionId, type: 'next', payload: { data: { priceUpdated: tick } } }));
      });
      await sleep(1_000);
      await settle(target);
      const result = await clients.request<fanout.LatencyResult>({ type: 'latency-stop', target });
      const run: LatencyRun = { target, ticks, result, ...(target === 'ours' ? { hub: diffStats(stack.subscriptionStats(), hubBefore) } : {}) };
      latency.push(run);
      log(
        `latency ${target.padEnd(4)}: ${result.deliveries}/${ticks * n} deliveries (fewest per socket ${result.perSocketMin}/${ticks}), p50 ${result.p50.toFixed(2)} ms, p90 ${result.p90.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, max ${result.max.toFixed(2)} ms; client CPU ${(result.clientCpu * 100).toFixed(0)} %`,
      );
      if (publishFailures > 0) failures.push(`${publishFailures} latency ticks could not be published`);
      if (result.deliveries !== ticks * n)
        failures.push(
          `latency ${target}: ${result.deliveries} deliveries, expected ${ticks} ticks × ${n} subscribers = ${ticks * n} (nothing should be conflated at ${settings.rate} ticks/s)`,
        );
    }
  }

  // 9. Nothing went wrong on any socket during the run.
  for (const target of targets) {
    const health = await clients.request<fanout.HealthResult>({ type: 'health', target });
    const closes = Object.entries(health.closes);
    if (health.open !== n) failures.push(`${target}: ${health.open}/${n} sockets still open`);
    if (health.badFrames > 0) failures.push(`${target}: ${health.badFrames} frames other than "next": ${health.badExamples.join(' | ')}`);
    if (closes.length > 0) failures.push(`${target}: sockets closed by the server: ${closes.map(([code, count]) => `${count} × ${code}`).join(', ')}`);
    if (health.errors.length > 0) failures.push(`${target}: socket errors: ${health.errors.join(' | ')}`);
  }

  // 10. Report.
  const runsOf = (target: fanout.FanoutTarget) => throughput.filter((run) => run.target === target);
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const fmt = (value: number, digits = 0) =>
    Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
  const pct = (value: number) => `${(value * 100).toFixed(0)} %`;
  const rows = targets.map((target) => {
    const runs = runsOf(target);
    const rates = runs.map((run) => run.deliveriesPerSecond);
    return {
      target,
      median: median(rates),
      min: Math.min(...rates),
      max: Math.max(...rates),
      eventsPerSecond: median(runs.map((run) => run.sourceEvents / run.count.seconds)),
      perSocket: `${Math.min(...runs.map((run) => run.count.perSocketMin))}–${Math.max(...runs.map((run) => run.count.perSocketMax))}`,
      serverCpu: median(runs.map((run) => run.serverCpu)),
      /** Deliveries per second of server-process CPU: less sensitive than deliveries/s to other processes taking the cores. */
      perCpuSecond: median(runs.map((run) => run.deliveriesPerSecond / run.serverCpu)),
      clientCpu: median(runs.map((run) => run.count.clientCpu)),
    };
  });
  const oursRow = rows.find((row) => row.target === 'ours');
  const rawRow = rows.find((row) => row.target === 'raw');
  const ratio = oursRow && rawRow ? oursRow.median / rawRow.median : Number.NaN;
  const cpuRatio = oursRow && rawRow ? oursRow.perCpuSecond / rawRow.perCpuSecond : Number.NaN;
  const roundRatios = runsOf('ours').map(
    (run) => run.deliveriesPerSecond / (runsOf('raw').find((other) => other.round === run.round)?.deliveriesPerSecond ?? Number.NaN),
  );
  const roundRatioRange =
    roundRatios.length && roundRatios.every(Number.isFinite) ? `${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)}×` : 'n/a';

  const label = (target: fanout.FanoutTarget) => (target === 'ours' ? 'ours (gateway)' : 'raw `ws` broadcast');
  const throughputTable = [
    `| target | median deliveries/s | min–max deliveries/s | source events/s | frames per socket per window | server CPU | client CPU | deliveries per server CPU-second |`,
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (row) =>
        `| ${label(row.target)} | **${fmt(row.median)}** | ${fmt(row.min)}–${fmt(row.max)} | ${fmt(row.eventsPerSecond)} ${row.target === 'ours' ? 'ticks published' : 'passes'} | ${row.perSocket} | ${pct(row.serverCpu)} | ${pct(row.clientCpu)} | ${fmt(row.perCpuSecond)} |`,
    ),
  ].join('\n');

  // Where the gateway's ticks went (all rounds summed): the honest account of conflation.
  const oursRuns = runsOf('ours');
  const hubTotal = (key: keyof HubStats) => sum(oursRuns.map((run) => run.hub?.[key] ?? 0));
  const oursSeconds = sum(oursRuns.map((run) => run.count.seconds));
  const received = sum(oursRuns.map((run) => run.count.frames));
  const funnelTable = oursRuns.length
    ? [
        '| ours, all counted windows | total | per second |',
        '|---|--:|--:|',
        `| ticks published on the bus | ${fmt(sum(oursRuns.map((run) => run.sourceEvents)))} | ${fmt(sum(oursRuns.map((run) => run.sourceEvents)) / oursSeconds)} |`,
        `| events that reached the gateway (the rest were conflated upstream, latest wins) | ${fmt(hubTotal('eventsReceived'))} | ${fmt(hubTotal('eventsReceived') / oursSeconds)} |`,
        `| events conflated in the gateway hub before execution | ${fmt(hubTotal('eventsConflated'))} | ${fmt(hubTotal('eventsConflated') / oursSeconds)} |`,
        `| events executed and serialized (once for all ${fmt(n)} subscribers) | ${fmt(hubTotal('eventsExecuted'))} | ${fmt(hubTotal('eventsExecuted') / oursSeconds)} |`,
        `| frames handed to the sockets' writers | ${fmt(hubTotal('deliveries'))} | ${fmt(hubTotal('deliveries') / oursSeconds)} |`,
        `| frames received by the subscribers | ${fmt(received)} | ${fmt(received / oursSeconds)} |`,
        `| handed over but not received in the window (conflated by a writer, or in flight at the window's edges) | ${fmt(hubTotal('deliveries') - received)} | ${pct((hubTotal('deliveries') - received) / Math.max(1, hubTotal('deliveries')))} of handed |`,
      ].join('\n')
    : '';
  const rawRuns = runsOf('raw');
  const rawSkipped = sum(rawRuns.map((run) => run.broadcast?.skipped ?? 0));
  const rawSends = sum(rawRuns.map((run) => run.broadcast?.sends ?? 0));
  const rawNote = rawRuns.length
    ? `Raw reference: ${fmt(rawSends)} sends, ${fmt(rawSkipped)} skipped because the socket buffer was above ${highWaterMarkBytes / 1024} KiB (${pct(rawSkipped / Math.max(1, rawSends + rawSkipped))}).`
    : '';

  const latencyTable = latency.length
    ? [
        `| target | ticks | deliveries (expected) | p50 ms | p90 ms | p99 ms | max ms | mean ms | client CPU |`,
        '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
        ...latency.map(
          (run) =>
            `| ${label(run.target)} | ${run.ticks} | ${fmt(run.result.deliveries)} (${fmt(run.ticks * n)}) | ${run.result.p50.toFixed(2)} | ${run.result.p90.toFixed(2)} | **${run.result.p99.toFixed(2)}** | ${run.result.max.toFixed(2)} | ${run.result.mean.toFixed(2)} | ${pct(run.result.clientCpu)} |`,
        ),
      ].join('\n')
    : '';
  const oursLatency = latency.find((run) => run.target === 'ours');

  const verdicts: string[] = [];
  if (Number.isFinite(ratio))
    verdicts.push(
      `deliveries/s ours/raw ${ratio.toFixed(2)}× (per round ${roundRatioRange}; target ≥ ${target_ratio}×: ${ratio >= target_ratio ? 'met' : 'NOT met'}); per server CPU-second ${cpuRatio.toFixed(2)}×`,
    );
  if (oursLatency)
    verdicts.push(
      `publish→receive p99 ${oursLatency.result.p99.toFixed(1)} ms at ${fmt(n)} subscribers × ${settings.rate} ticks/s (target < ${targets_p99_ms} ms: ${oursLatency.result.p99 < targets_p99_ms ? 'met' : 'NOT met'})`,
    );
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}/${process.arch}`;
  const settingsLine =
    `${fmt(n)} subscribers of one identical subscription (one shared stream); ${settings.rounds} interleaved rounds of ${settings.seconds} s per target after a ${settings.warmupSeconds} s warm-up each; ` +
    `latency: ${settings.rate} ticks/s for ${settings.latencySeconds} s; frame ${Buffer.byteLength(frame)} bytes; ${infrastructure}; ` +
    `1-min load average ${loadBefore.toFixed(2)} before the run, ${loadavg()[0]!.toFixed(2)} after (other processes on the machine share the cores: above ~1 the figures are disturbed)`;

  console.log(
    `\nFan-out benchmark — ${new Date().toISOString()}\n${machine}\n${settingsLine}\n\n${throughputTable}\n\n${funnelTable}\n\n${rawNote}\n\n${latencyTable}\n\n${verdicts.join('\n')}\n`,
  );

  if (failures.length > 0) {
    console.error(`bench: ${failures.length} correctness problem(s); the figures are not valid (README not updated):\n- ${failures.join('\n- ')}`);
    return 1;
  }
  if (settings.writeReadme) {
    const section = [
      ...runHeaderLines(machine, settingsLine),
      throughputTable,
      '',
      funnelTable,
      '',
      rawNote,
      '',
      latencyTable,
      '',
      `Verdict: ${verdicts.join('; ')}.`,
    ].join('\n');
    updateReadmeSection(new URL('./README.md', import.meta.url), 'fanout-figures', section);
    log('figures written to bench/README.md');
  }
  return 0;
}

await runBenchmark(main, cleanup, expectedSeconds);
