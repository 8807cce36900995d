/**
 * Soak benchmark: the whole system on embedded defaults (PGlite, in-process bus), seeded with the
 * shipped history, its offline feed at maximum speed through a simulated week past the history,
 * 500 WebSocket subscribers of `priceUpdated` for every asset through the gateway (in a forked
 * process), and the default models running where they exist. Samples RSS and heap against the
 * feed's clock, measures event-loop delay, ticks ingested per second and what reached the
 * subscribers. Target: RSS after the week within 15 % of RSS after the first simulated hour.
 *
 *   npm run bench:soak -w @cryptograph/bench               # a simulated week, 500 subscribers
 *   cd bench && npx tsx soak.bench.ts --days=0.1 --subscribers=20 --no-readme   # a smoke run (~1 min)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { predictionCreatedChannel, priceTickChannel, type PriceTickMessage } from '@cryptograph/core';
import { startStack, type RunningStack } from '@cryptograph/app';
import { adminAccessToken, benchAdmin, benchStackEnv } from './src/bench-stack-env.js';
import { elapsedLog, runBenchmark, setting, stopInOrder } from './src/bench-run.js';
import { updateReadmeSection } from './src/readme.js';
import type { SoakCommand, SoakReply, SoakStats } from './src/soak-types.js';

const days = setting('days', 'BENCH_SOAK_DAYS', 7, 0.01, 60);
const subscriberCount = Math.round(setting('subscribers', 'BENCH_SOAK_SUBSCRIBERS', 500, 1, 5000));
const writeReadme = !process.argv.includes('--no-readme');
/** Where the simulated market starts on a fresh installation: after the shipped daily history. */
const feedStart = Date.parse('2024-07-01T00:00:00Z');
const feedEnd = feedStart + days * 86_400_000;
const hourMs = 3_600_000;
const symbols = ['ADA', 'BNB', 'BTC', 'DOGE', 'ETH', 'SOL', 'XRP'];
const query = `subscription { priceUpdated(symbols: ${JSON.stringify(symbols)}) { symbol price ts source } }`;
const targetGrowth = 0.15;

let stack: RunningStack | undefined;
let clients: ChildProcess | undefined;
let dataDir: string | undefined;

async function cleanup(): Promise<void> {
  const child = clients;
  await stopInOrder([
    [
      'subscriber process',
      child
        ? () =>
            request(child, { type: 'close' }, 5000).then(
              () => undefined,
              () => void child.kill('SIGKILL'),
            )
        : undefined,
    ],
    ['stack', stack?.stop],
  ]);
  clients = stack = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

let seq = 0;
/** Sends a command to the subscriber process and waits for its answer. */
function request<T>(child: ChildProcess, command: SoakCommand, timeoutMs = 120_000): Promise<T> {
  const id = ++seq;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`subscriber process did not answer "${command.type}"`)), timeoutMs);
    const onMessage = (reply: SoakReply) => {
      if (reply.seq !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      if (reply.ok) resolve(reply.result as T);
      else reject(new Error(reply.error));
    };
    child.on('message', onMessage);
    child.send({ seq: id, command });
  });
}

const mb = (bytes: number) => bytes / 1024 / 1024;

async function main(): Promise<number> {
  const log = elapsedLog(6);
  dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-bench-soak-'));
  const admin = benchAdmin();
  // Embedded defaults: no DATABASE_URL / REDIS_URL. The offline feed (no exchange probe), at max speed, stopping after the simulated span.
  const env = benchStackEnv(
    { dataDir, admin },
    {
      MARKET_SEED_DATA: 'true',
      EXCHANGE_FEED: 'replay',
      REPLAY_SPEED: 'max',
      REPLAY_UNTIL: new Date(feedEnd).toISOString(),
      SUBSCRIPTIONS_PER_USER: String(subscriberCount + 100),
      WS_MAX_CONNECTIONS_PER_ADDRESS: String(subscriberCount + 100),
      DEFAULT_MODELS: 'on',
    },
  );

  // Ticks as published on the (in-process) bus: the feed's clock and the reference for deliveries.
  const published = new Map<string, string>();
  let ticks = 0;
  let clock = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const samples: { clock: number; rss: number; heap: number; wall: number }[] = [];
  let firstHour: { rss: number; heap: number; wall: number } | undefined;

  const stackStarted = Date.now();
  stack = await startStack(env);
  log(`stack up on embedded defaults in ${((Date.now() - stackStarted) / 1000).toFixed(1)} s (shipped history seeded): ${stack.gatewayUrl}`);
  let predictions = 0;
  const stopCountingPredictions = await stack.bus.subscribe(predictionCreatedChannel, () => void (predictions += 1));
  const unsubscribe = await stack.bus.subscribe(priceTickChannel, (message) => {
    const tick = message as PriceTickMessage;
    ticks += 1;
    published.set(tick.symbol, tick.ts);
    clock = Math.max(clock, Date.parse(tick.ts));
  });

  const token = await adminAccessToken(stack.gatewayUrl, admin);

  clients = fork(new URL('./src/soak-clients.ts', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: process.execArgv.filter((arg) => !arg.startsWith('--cpu-prof')),
  });
  const connected = await request<{ opened: number }>(clients, {
    type: 'connect',
    url: `${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`,
    count: subscriberCount,
    token,
    query,
  });
  log(`${connected.opened} subscribers connected; feed clock ${clock ? new Date(clock).toISOString() : 'not started'}`);

  loopDelay.enable();
  const wallStart = Date.now();
  const ticksAtStart = ticks;
  let lastLog = 0;
  let lastMove = { clock, at: Date.now() };
  while (clock < feedEnd) {
    await sleep(200);
    const memory = process.memoryUsage();
    samples.push({ clock, rss: memory.rss, heap: memory.heapUsed, wall: Date.now() });
    if (!firstHour && clock >= feedStart + hourMs) {
      firstHour = { rss: memory.rss, heap: memory.heapUsed, wall: Date.now() };
      log(`first simulated hour: RSS ${mb(memory.rss).toFixed(0)} MB, heap ${mb(memory.heapUsed).toFixed(0)} MB`);
    }
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(
        `feed clock ${clock ? new Date(clock).toISOString() : 'not started'}, ${ticks - ticksAtStart} ticks, RSS ${mb(memory.rss).toFixed(0)} MB, heap ${mb(memory.heapUsed).toFixed(0)} MB, load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
    if (clock !== lastMove.clock) lastMove = { clock, at: Date.now() };
    else if (Date.now() - lastMove.at > 60_000)
      throw new Error(`the feed's clock stopped at ${new Date(clock).toISOString()} before ${new Date(feedEnd).toISOString()}`);
  }
  const wallSeconds = (Date.now() - wallStart) / 1000;
  loopDelay.disable();
  // Let the last ticks reach every subscriber.
  await sleep(3000);
  const end = process.memoryUsage();
  const stats = await request<SoakStats>(clients, { type: 'stats' });
  await unsubscribe();
  await stopCountingPredictions();

  const failures: string[] = [];
  const ingested = ticks - ticksAtStart;
  const frames = stats.subscribers.map((subscriber) => subscriber.frames);
  const gotLast = stats.subscribers.filter((subscriber) => symbols.every((symbol) => subscriber.last[symbol] === published.get(symbol))).length;
  const outOfOrder = stats.subscribers.reduce((sum, subscriber) => sum + subscriber.outOfOrder, 0);
  if (stats.open !== subscriberCount) failures.push(`${stats.open}/${subscriberCount} subscribers still connected`);
  if (gotLast !== subscriberCount) failures.push(`${subscriberCount - gotLast} subscribers missed the last tick of some symbol`);
  if (outOfOrder > 0) failures.push(`${outOfOrder} ticks arrived out of order`);
  if (days >= 1 && predictions === 0) failures.push('the default models published no prediction');
  if (stats.problems.length > 0) failures.push(`socket problems: ${stats.problems.slice(0, 5).join(' | ')}`);
  const reference = firstHour ?? samples[0]!;
  const growth = end.rss / reference.rss - 1;
  if (days >= 1 && growth > targetGrowth)
    failures.push(`RSS grew ${(growth * 100).toFixed(1)} % after the first simulated hour (target ≤ ${targetGrowth * 100} %)`);
  const p99 = loopDelay.percentile(99) / 1e6;
  const deliveredShare = frames.reduce((sum, value) => sum + value, 0) / Math.max(1, ingested * subscriberCount);

  const table = [
    `Latest run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus().length} cores, Node ${process.version}, ${process.platform}/${process.arch}`,
    '',
    `Settings: ${days} simulated day(s) at max speed after the shipped history, ${subscriberCount} subscribers of \`priceUpdated\` for all ${symbols.length} assets, embedded PGlite and in-process bus, the default models on (\`DEFAULT_MODELS=on\`).`,
    '',
    '| measure | value |',
    '|---|--:|',
    `| simulated span | ${new Date(feedStart).toISOString().slice(0, 16)} → ${new Date(clock).toISOString().slice(0, 16)} in ${wallSeconds.toFixed(0)} s |`,
    `| ticks ingested (stored, cached, published) | ${ingested.toLocaleString('en-US')} (${(ingested / wallSeconds).toFixed(0)}/s) |`,
    `| RSS after the first simulated hour → at the end | ${mb(reference.rss).toFixed(0)} MB → ${mb(end.rss).toFixed(0)} MB (**${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %**, target ≤ +15 %) |`,
    `| heap used after the first hour → at the end | ${mb(reference.heap).toFixed(0)} MB → ${mb(end.heapUsed).toFixed(0)} MB |`,
    `| event-loop delay p50 / p99 / max | ${(loopDelay.percentile(50) / 1e6).toFixed(1)} / **${p99.toFixed(1)}** / ${(loopDelay.max / 1e6).toFixed(1)} ms |`,
    `| frames per subscriber (min–max) | ${Math.min(...frames).toLocaleString('en-US')}–${Math.max(...frames).toLocaleString('en-US')} of ${ingested.toLocaleString('en-US')} ticks (${(deliveredShare * 100).toFixed(1)} % delivered, the rest conflated: latest wins) |`,
    `| predictions published by the default models | ${predictions.toLocaleString('en-US')} |`,
    `| subscribers holding the last tick of every asset | ${gotLast}/${subscriberCount} |`,
    `| ticks out of order, sockets lost | ${outOfOrder}, ${subscriberCount - stats.open} |`,
    '',
    `Verdict: ${failures.length === 0 ? 'pass' : `FAIL: ${failures.join('; ')}`}${days < 1 ? ' (a smoke run: the RSS target applies to runs of a day or more)' : ''}.`,
  ].join('\n');
  console.log(`\n${table}\n`);
  if (writeReadme && failures.length === 0) updateReadmeSection(new URL('./README.md', import.meta.url), 'soak', table);
  return failures.length === 0 ? 0 : 1;
}

await runBenchmark(main, cleanup, 300 + days * 3600);
