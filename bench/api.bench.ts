/**
 * Public API benchmark: requests/s of a third-party query through the gateway, measured in one run,
 * side by side and interleaved, on two stacks that differ only in their limits:
 *   - limits on:  RATE_LIMIT_ENABLED=true + GRAPHQL_COST_ANALYSIS=true (budgets set so high that
 *                 nothing is refused, so every operation pays the checks and counters but none fails);
 *   - limits off: both false;
 * each with two ways of sending the query:
 *   - full: the query text in every request;
 *   - apq:  automatic persisted queries, the sha256 hash only (registered before the load).
 * Prints a table of medians, APQ / full ratios and the overhead of the limits, and writes it into
 * bench/README.md between the `api` markers.
 *
 *   npm run bench:api -w @cryptograph/bench          # defaults: 50 connections, 3 rounds of 5 s per scenario
 *   BENCH_SECONDS=10 BENCH_ROUNDS=5 npm run bench:api -w @cryptograph/bench
 *   cd bench && npx tsx api.bench.ts --seconds=10 --rounds=5 --connections=50 --warmup=2 --no-readme
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type RunningStack } from '@cryptograph/app';
import { WatchlistDocument } from '@cryptograph/web/graphql';
import { print, stripIgnoredCharacters } from 'graphql';
import { freshDatabaseUrl, startAvailableServers, type PostgresServer, type RedisServer } from './src/bench-servers.js';
import type { LoadSummary, PreparedRequest } from './src/load-types.js';
import { loadProcesses, runLoad } from './src/run-load.js';
import { benchStackEnv } from './src/bench-stack-env.js';
import { describeRun, summarizeRuns } from './src/load-report.js';
import { runHeaderLines, updateReadmeSection } from './src/readme.js';
import { elapsedLog, loadSettings, runBenchmark, stopInOrder, type StopStep } from './src/bench-run.js';

// ---------------------------------------------------------------------------------------------
// Settings

const settings = loadSettings({ seconds: 5, rounds: 3, warmupSeconds: 2 });
/** The goal of the issue: limits cost at most this share of the throughput. */
const overheadTarget = 0.1;

// How long a run should take: runBenchmark stops it after twice that.
const scenariosCount = 4;
const expectedSeconds = 60 + scenariosCount * (settings.warmupSeconds + settings.rounds * (settings.seconds + 1.5));

// ---------------------------------------------------------------------------------------------
// The workload: the dashboard's watchlist (web/src/lib/market/market.graphql), a page of assets with
// their latest prices, the first thing every signed-in client asks (one subgraph, a page of a list)

const operationName = 'Watchlist';
const query = print(WatchlistDocument);
const variables = { first: 10 };
const queryHash = createHash('sha256').update(query).digest('hex');
const fullBody = JSON.stringify({ query, variables, operationName });
const persistedQuery = { version: 1, sha256Hash: queryHash };
const apqBody = JSON.stringify({ variables, operationName, extensions: { persistedQuery } });
/** A substring every correct response contains (the load process also rejects any body with "errors"). */
const expected = '"assets":{"edges":[{"node":{"symbol":';

interface WatchlistBody {
  data?: { assets: { edges: { node: { symbol: string } }[] } } | null;
  errors?: { message: string }[];
  extensions?: { cost?: { requested: number } };
}

// ---------------------------------------------------------------------------------------------
// Infrastructure (everything started here is stopped by cleanup())

let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;
const stacks: RunningStack[] = [];
const dataDirs: string[] = [];

async function cleanup(): Promise<void> {
  for (const child of loadProcesses) child.kill('SIGKILL');
  const steps: StopStep[] = [
    ...stacks.splice(0).map((stack, i): [string, () => Promise<void>] => [`stack ${i + 1}`, stack.stop]),
    ['redis', redis?.stop],
    ['postgres', postgres?.stop],
  ];
  redis = postgres = undefined;
  await stopInOrder(steps);
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: WatchlistBody }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as WatchlistBody };
}

// ---------------------------------------------------------------------------------------------
// Main

type Limits = 'off' | 'on';
type Transport = 'full' | 'apq';

interface Target {
  readonly limits: Limits;
  readonly url: string;
  readonly headers: Record<string, string>;
}

interface Scenario {
  readonly name: string;
  readonly limits: Limits;
  readonly transport: Transport;
  readonly target: Target;
  readonly request: PreparedRequest;
}

async function main(): Promise<void> {
  const log = elapsedLog(5);

  // 1. Throwaway Postgres and Redis (embedded fallbacks when their binaries are missing).
  [postgres, redis] = await startAvailableServers();
  const infrastructure = `${postgres ? 'real Postgres' : 'embedded PGlite (no Postgres binaries)'}, ${redis ? 'real Redis (rate-limit counters, cost budgets and APQ cache in Redis)' : 'no redis-server (in-process counters and APQ cache)'}`;
  log(`infrastructure: ${infrastructure}`);

  // 2. Two stacks, each on its own database, differing only in their limits.
  const limitEnv: Record<Limits, Record<string, string>> = {
    off: { RATE_LIMIT_ENABLED: 'false', GRAPHQL_COST_ANALYSIS: 'false' },
    // The largest budgets the env accepts: ~166 000 operations/s and ~16 million cost/s per identity, never reached here.
    on: {
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_MAX: '10000000',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      GRAPHQL_COST_ANALYSIS: 'true',
      GRAPHQL_COST_PER_MINUTE: '1000000000',
    },
  };
  const targets: Target[] = [];
  for (const limits of ['off', 'on'] as const) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-bench-api-'));
    dataDirs.push(dataDir);
    const env = benchStackEnv(
      { dataDir, databaseUrl: await freshDatabaseUrl(postgres), redisUrl: redis?.url },
      { MARKET_SEED_DATA: 'false', REPLAY_SPEED: '0', EVENT_BUS_PREFIX: `bench-api-${limits}-${randomBytes(4).toString('hex')}`, ...limitEnv[limits] },
    );
    const stack = await startStack(env);
    stacks.push(stack);
    // One signed-up user (VIEWER, read:market) sends every request, as one third-party client would.
    const url = `${stack.gatewayUrl}/graphql`;
    const password = `Secr3t-${randomBytes(12).toString('base64url')}`;
    const signup = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation Signup($input: SignupInput!) { signup(input: $input) { accessToken } }',
        variables: { input: { email: `client.${limits}@bench.test`, username: `client_${limits}`, password } },
      }),
    });
    const token = ((await signup.json()) as { data?: { signup?: { accessToken?: string } } }).data?.signup?.accessToken;
    if (!token) throw new Error(`signup on the limits-${limits} stack failed (${signup.status})`);
    targets.push({ limits, url, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    log(`stack with limits ${limits} up: ${stack.gatewayUrl}`);
  }

  // 3. Correctness first: both answer the same data; the limits are active only where they should
  //    be; APQ misses an unknown hash, registers it, then answers by hash alone.
  const answers: string[] = [];
  for (const target of targets) {
    const miss = await post(target.url, apqBody, target.headers);
    if (miss.body.errors?.[0]?.message !== 'PersistedQueryNotFound')
      throw new Error(`limits ${target.limits}: expected an APQ miss, got ${JSON.stringify(miss.body)}`);
    const full = await post(target.url, JSON.stringify({ query, variables, operationName, extensions: { persistedQuery } }), target.headers);
    const byHash = await post(target.url, apqBody, target.headers);
    for (const response of [full, byHash]) {
      if (response.status !== 200 || response.body.errors || !response.body.data?.assets.edges.length)
        throw new Error(`limits ${target.limits}: bad answer (${response.status}): ${JSON.stringify(response.body).slice(0, 500)}`);
    }
    if (JSON.stringify(full.body.data) !== JSON.stringify(byHash.body.data))
      throw new Error(`limits ${target.limits}: APQ answers differently from the full text`);
    const limited = byHash.headers.has('ratelimit-limit') && typeof byHash.body.extensions?.cost?.requested === 'number';
    if (limited !== (target.limits === 'on'))
      throw new Error(`limits ${target.limits}: rate-limit headers / cost extension ${limited ? 'present' : 'missing'}`);
    answers.push(JSON.stringify(full.body.data));
  }
  if (answers[0] !== answers[1]) throw new Error('the two stacks answer differently');
  const cost = (await post(targets[1]!.url, fullBody, targets[1]!.headers)).body.extensions?.cost?.requested;
  log(
    `checked: same ${JSON.parse(answers[0]!).assets.edges.length} assets from both stacks, by text and by hash; limits on: RateLimit-* headers and cost ${cost} per operation; limits off: neither`,
  );

  // 4. Scenarios, warm-up (not recorded), then interleaved rounds; the order flips every round so
  //    neither configuration always runs right after the other.
  const scenarios: Scenario[] = targets.flatMap((target) =>
    (['full', 'apq'] as const).map((transport) => ({
      name: `limits ${target.limits.padEnd(3)} ${transport}`,
      limits: target.limits,
      transport,
      target,
      request: { headers: target.headers, body: transport === 'full' ? fullBody : apqBody },
    })),
  );
  const load = (scenario: Scenario, seconds: number) =>
    runLoad({ url: scenario.target.url, connections: settings.connections, seconds, requests: [scenario.request], expect: expected });
  if (settings.warmupSeconds > 0) {
    for (const scenario of scenarios) await load(scenario, settings.warmupSeconds);
    log(`warmed up (${settings.warmupSeconds} s per scenario)`);
  }
  const results = new Map<string, LoadSummary[]>(scenarios.map((scenario) => [scenario.name, []]));
  const byTransport = (['full', 'apq'] as const).flatMap((transport) => scenarios.filter((scenario) => scenario.transport === transport));
  for (let round = 1; round <= settings.rounds; round++) {
    const order = round % 2 === 1 ? byTransport : [...byTransport].reverse();
    for (const scenario of order) {
      const summary = await load(scenario, settings.seconds);
      results.get(scenario.name)!.push(summary);
      log(`round ${round}/${settings.rounds} ${scenario.name}: ${describeRun(summary)}`);
    }
  }

  // 5. Report.
  const runsOf = (limits: Limits, transport: Transport) => results.get(scenarios.find((s) => s.limits === limits && s.transport === transport)!.name)!;
  const rows = scenarios.map((scenario) => ({ scenario, ...summarizeRuns(results.get(scenario.name)!) }));
  const rpsOf = (limits: Limits, transport: Transport) => rows.find((row) => row.scenario.limits === limits && row.scenario.transport === transport)!.rps;
  /** Per-round values of f(a, b) for two scenarios' runs of the same round, as "min–max". */
  const perRound = (a: LoadSummary[], b: LoadSummary[], f: (x: number, y: number) => number, digits: number, unit: string) => {
    const values = a.map((run, i) => f(run.requestsPerSecond, b[i]!.requestsPerSecond));
    return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}${unit}`;
  };
  const overhead = (on: number, off: number) => (1 - on / off) * 100;
  const overheads = (['full', 'apq'] as const).map((transport) => ({
    transport,
    value: overhead(rpsOf('on', transport), rpsOf('off', transport)),
    perRound: perRound(runsOf('on', transport), runsOf('off', transport), overhead, 1, ' %'),
  }));
  const apqRatios = (['off', 'on'] as const).map((limits) => ({
    limits,
    value: rpsOf(limits, 'apq') / rpsOf(limits, 'full'),
    perRound: perRound(runsOf(limits, 'apq'), runsOf(limits, 'full'), (x, y) => x / y, 2, '×'),
  }));

  const table = [
    '| limits | query sent as | median req/s | min–max req/s | p50 ms | p99 ms | requests | non-2xx | wrong/errors bodies | socket errors |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (row) =>
        `| ${row.scenario.limits} | ${row.scenario.transport === 'full' ? 'full text' : 'APQ hash'} | **${row.rps.toFixed(0)}** | ${row.min.toFixed(0)}–${row.max.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.requests} | ${row.non2xx} | ${row.bad} | ${row.failed} |`,
    ),
    '',
    '| comparison | medians | per round |',
    '|---|--:|--:|',
    ...apqRatios.map((r) => `| APQ / full text, limits ${r.limits} | **${r.value.toFixed(2)}×** | ${r.perRound} |`),
    ...overheads.map(
      (o) =>
        `| overhead of rate limiting + cost analysis, ${o.transport === 'full' ? 'full text' : 'APQ hash'} | **${o.value.toFixed(1)} %** | ${o.perRound} |`,
    ),
  ].join('\n');
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}/${process.arch}`;
  const settingsLine = `${settings.connections} connections, ${settings.rounds} interleaved rounds of ${settings.seconds} s per scenario (order reversed every other round) after a ${settings.warmupSeconds} s warm-up each; one user's token on every request; query cost ${cost}; ${infrastructure}`;
  const worst = Math.max(...overheads.map((o) => o.value));
  const verdict = `limits overhead ${overheads.map((o) => `${o.value.toFixed(1)} % (${o.transport})`).join(', ')}: ${worst <= overheadTarget * 100 ? `meets the ≤ ${overheadTarget * 100} % target` : `ABOVE the ${overheadTarget * 100} % target`}; APQ / full text ${apqRatios.map((r) => `${r.value.toFixed(2)}× (limits ${r.limits})`).join(', ')}`;

  console.log(`\nAPI benchmark — ${new Date().toISOString()}\n${machine}\n${settingsLine}\n\n${table}\n\n${verdict}\n`);

  const total = rows.reduce((sum, row) => sum + row.non2xx + row.bad + row.failed, 0);
  if (total > 0) throw new Error(`${total} responses were non-2xx, wrong or failed: the figures are not valid (README not updated)`);
  if (settings.writeReadme) {
    const section = [
      '## Public API: `api.bench.ts`',
      '',
      '```sh',
      'npm run bench:api -w @cryptograph/bench     # about 1.5 minutes',
      'cd bench && npx tsx api.bench.ts --seconds=10 --rounds=5 --connections=50 --warmup=2 --no-readme',
      '```',
      '',
      'Two whole stacks in one process (own database each, same Redis), identical but for their limits:',
      '`RATE_LIMIT_ENABLED=true` + `GRAPHQL_COST_ANALYSIS=true` with budgets far above the load',
      '(`RATE_LIMIT_MAX=10000000`, `GRAPHQL_COST_PER_MINUTE=1000000000`, so every operation is counted',
      "and costed but none refused), and both `false`. One signed-up user sends the dashboard's watchlist",
      `(\`${stripIgnoredCharacters(query)}\`, from \`web/src/lib/market/market.graphql\`),`,
      'either as full text or as an APQ hash only (registered before the load). Before the load it checks',
      'that both stacks answer the same data by text and by hash, and that only the limited one sends',
      '`RateLimit-*` headers and the cost in `extensions`; during the load every response is checked',
      '(non-2xx, bodies without the data or with `"errors"`, socket errors fail the run). The load',
      'generator is autocannon in its own process, loopback only; the rounds are interleaved and the',
      'figures are medians. Overhead = 1 − (limits on / limits off) for the same workload.',
      '',
      ...runHeaderLines(machine, settingsLine),
      table,
      '',
      `Verdict: ${verdict}.`,
    ].join('\n');
    updateReadmeSection(new URL('./README.md', import.meta.url), 'api', section);
    log('figures written to bench/README.md');
  }
}

await runBenchmark(main, cleanup, expectedSeconds);
