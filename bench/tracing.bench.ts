/**
 * Tracing benchmark: requests/s through the gateway of a query that crosses two subgraphs, with
 * tracing on (OpenTelemetry SDK with the default sampler, resolver spans, OTLP export to a local
 * sink), with tracing on and the trace-id ratio sampler instead (for comparison), and with tracing
 * off (same bootstrap with OTEL_SDK_DISABLED=true, so metrics stay). Each system runs in its own
 * process; rounds interleave them, and each round also reads each process's CPU time. Prints the
 * medians and the overhead (median over the rounds of 1 − on/off) and writes them into
 * bench/README.md.
 *
 *   npm run bench:tracing -w @cryptograph/bench
 *   BENCH_SECONDS=5 BENCH_ROUNDS=11 npm run bench:tracing -w @cryptograph/bench
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, startPostgresServer, startRedisServer, type PostgresServer, type RedisServer } from '@cryptograph/testing';
import type { LoadJob, LoadSummary } from './src/load-types.js';

import { updateReadmeSection } from './src/readme.js';
import { loadProcesses, runLoad } from './src/run-load.js';
import { loadSettings, median, runBenchmark, stopInOrder } from './src/bench-run.js';
import { adminAccessToken, benchAdmin, benchStackEnv } from './src/bench-stack-env.js';
import { modelsQuery } from './src/models-query.js';

/** One measured round: the load summary plus the system's CPU time per completed request (µs). */
type Round = LoadSummary & { readonly cpuPerRequest: number };

const settings = loadSettings({ seconds: 3, rounds: 11, warmupSeconds: 6 }, { rounds: 21 });
const admin = benchAdmin();
const query = modelsQuery(['id', 'username']);
const modelCount = 20;

const expectedSeconds = 90 + 3 * (settings.warmupSeconds + settings.rounds * (settings.seconds + 1.5));

let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;
let sink: Server | undefined;
const stacks: ChildProcess[] = [];
const dataDirs: string[] = [];
let exportedBatches = 0;

async function cleanup(): Promise<void> {
  for (const child of loadProcesses) child.kill('SIGKILL');
  await Promise.all(
    stacks.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.send('stop');
        }),
    ),
  );
  sink?.close();
  await stopInOrder([
    ['redis', redis?.stop],
    ['postgres', postgres?.stop],
  ]);
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}

/** A loopback OTLP/HTTP endpoint that accepts and counts trace exports. */
async function startOtlpSink(): Promise<string> {
  sink = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/v1/traces') exportedBatches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => sink!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
}

/** A whole system running in its own process (bench/src/stack-process.ts). */
interface StackProcess {
  readonly url: string;
  /** User + system CPU time the process has used so far, in µs. */
  cpuMicros(): Promise<number>;
}

/** Starts one whole system in a child process with `env`. */
async function startStackProcess(env: Record<string, string>): Promise<StackProcess> {
  const child = fork(new URL('./src/stack-process.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--import', '@cryptograph/otel/register'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  stacks.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { gatewayUrl: string }) => resolve(message.gatewayUrl));
    child.once('exit', (code) => reject(new Error(`stack process exited with ${code}`)));
  });
  const cpuMicros = () =>
    new Promise<number>((resolve) => {
      child.once('message', (message: { cpuMicros: number }) => resolve(message.cpuMicros));
      child.send('cpu');
    });
  return { url, cpuMicros };
}

async function graphql(url: string, body: unknown, token?: string): Promise<any> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: any; errors?: unknown[] };
  if (json.errors) throw new Error(`GraphQL errors: ${JSON.stringify(json.errors)}`);
  return json.data;
}

/** Logs in as the bootstrap admin and registers the models the query lists; returns the token. */
async function seed(url: string): Promise<string> {
  const token = await adminAccessToken(url, admin);
  for (let index = 0; index < modelCount; index += 1) {
    const variables = {
      input: { name: `bench-${index}`, symbol: ['BTC', 'ETH', 'SOL'][index % 3], target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 1 + index },
    };
    await graphql(url, { query: 'mutation($input: CreateModelInput!) { createModel(input: $input) { id } }', variables }, token);
  }
  const check = await graphql(url, { query, variables: { n: modelCount } }, token);
  if (check.models.edges.length !== modelCount || check.models.edges.some((edge: any) => edge.node.owner.username !== admin.username))
    throw new Error('seeded data is not what the query should return');
  return token;
}

async function main(): Promise<void> {
  postgres = await startPostgresServer();
  redis = await startRedisServer();
  const otlp = await startOtlpSink();
  const variantEnv = async (name: string, extra: Record<string, string>) => {
    const dataDir = mkdtempSync(join(tmpdir(), `cryptograph-bench-${name}-`));
    dataDirs.push(dataDir);
    const variant = { MARKET_SEED_DATA: 'false', REPLAY_SPEED: '0', EVENT_BUS_PREFIX: `bench-${name}`, OTEL_SERVICE_NAME: `bench-${name}`, ...extra };
    return benchStackEnv({ dataDir, admin, databaseUrl: await createTestDatabase(postgres!.url), redisUrl: redis!.url }, variant);
  };
  const traced = 'tracing on';
  const tracedByRatio = 'tracing on, trace-id ratio sampler';
  const untraced = 'tracing off';
  // In this order the default-sampler system and the untraced one run back to back in every round, both ways (the headline pair).
  const targets = [
    {
      name: tracedByRatio,
      system: await startStackProcess(await variantEnv('traced-ratio', { OTEL_EXPORTER_OTLP_ENDPOINT: otlp, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' })),
    },
    { name: traced, system: await startStackProcess(await variantEnv('traced', { OTEL_EXPORTER_OTLP_ENDPOINT: otlp })) },
    { name: untraced, system: await startStackProcess(await variantEnv('untraced', { OTEL_SDK_DISABLED: 'true' })) },
  ];
  const jobs = new Map<string, (seconds: number) => LoadJob>();
  for (const target of targets) {
    const token = await seed(target.system.url);
    const requests = Array.from({ length: 20 }, (_, index) => ({
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { n: 11 + index } }),
    }));
    jobs.set(target.name, (seconds) => ({
      url: `${target.system.url}/graphql`,
      connections: settings.connections,
      seconds,
      requests,
      expect: '"owner":{"id"',
    }));
  }
  const results = new Map<string, Round[]>(targets.map((target) => [target.name, []]));
  for (const target of targets) await runLoad(jobs.get(target.name)!(settings.warmupSeconds));
  for (let round = 0; round < settings.rounds; round += 1) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const cpuBefore = await target.system.cpuMicros();
      const summary = await runLoad(jobs.get(target.name)!(settings.seconds));
      const cpuPerRequest = ((await target.system.cpuMicros()) - cpuBefore) / summary.total;
      if (summary.non2xx || summary.badBodies || summary.errors) throw new Error(`${target.name}: ${JSON.stringify(summary)}`);
      results.get(target.name)!.push({ ...summary, cpuPerRequest });
      console.log(
        `round ${round + 1} ${target.name.padEnd(12)} ${summary.requestsPerSecond.toFixed(0).padStart(6)} req/s  ${cpuPerRequest.toFixed(0).padStart(5)} µs CPU/request  p50 ${summary.p50} ms  p99 ${summary.p99} ms`,
      );
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  if (exportedBatches === 0) throw new Error('the traced system exported no spans to the OTLP sink');
  const medianOf = (name: string, pick: (round: Round) => number) => median(results.get(name)!.map(pick));
  // Each round measures both systems back to back: the per-round ratios cancel the machine's drift between rounds.
  const off = results.get(untraced)!;
  /** Median over the rounds of 1 − on/off, by requests/s and by CPU time per request. */
  const overheadOf = (name: string) => {
    const on = results.get(name)!;
    return {
      throughput: 1 - median(on.map((round, index) => round.requestsPerSecond / off[index]!.requestsPerSecond)),
      cpu: 1 - median(on.map((round, index) => off[index]!.cpuPerRequest / round.cpuPerRequest)),
    };
  };
  const row = (name: string) => {
    const rates = results.get(name)!.map((round) => round.requestsPerSecond);
    return `| ${name} | **${median(rates).toFixed(0)}** | ${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)} | ${medianOf(name, (round) => round.cpuPerRequest).toFixed(0)} | ${medianOf(name, (round) => round.p50)} | ${medianOf(name, (round) => round.p99)} |`;
  };
  const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
  const overhead = overheadOf(traced);
  const ratioOverhead = overheadOf(tracedByRatio);
  const table = [
    `Latest run: ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; ${settings.connections} connections, ${settings.rounds} interleaved rounds of ${settings.seconds} s after a ${settings.warmupSeconds} s warm-up; each system in its own process on real Postgres and Redis; ${exportedBatches} OTLP export batches received by the sink.`,
    '',
    '| target | median req/s | min–max | CPU µs/request | p50 ms | p99 ms |',
    '|---|--:|--:|--:|--:|--:|',
    ...[traced, tracedByRatio, untraced].map(row),
    '',
    `Tracing overhead with the default sampler (median over the rounds of 1 − on/off): **${percent(overhead.throughput)}** of requests/s (target ≤ 15 %: ${overhead.throughput <= 0.15 ? 'met' : 'not met'}); by CPU time per request of the system's own process (unaffected by what else the machine runs): ${percent(overhead.cpu)}.`,
    `With the trace-id ratio sampler (same share of operations, spread in time): ${percent(ratioOverhead.throughput)} of requests/s, ${percent(ratioOverhead.cpu)} by CPU time per request.`,
  ].join('\n');
  console.log(`\n${table}\n`);
  if (settings.writeReadme) updateReadmeSection(new URL('./README.md', import.meta.url), 'tracing', table);
}

await runBenchmark(main, cleanup, expectedSeconds);
