/**
 * Gateway A/B benchmark: this gateway against another revision's (default `main`), side by side in
 * one process on the same running subgraphs, interleaved round by round with the order swapped
 * every other round, so both see the same machine load. It answers "did this change make the HTTP
 * path slower?" more reliably than two runs of gateway.bench.ts taken at different times.
 * Workloads (HTTP POST, 50 connections): the gateway benchmark's federated `models` query
 * (identical and distinct, limits off) and the API benchmark's `assets` page (full text and APQ
 * hash, with rate limiting and cost analysis on but never refusing).
 *
 *   npm run bench:ab -w @cryptograph/bench                     # against main: about 7 minutes
 *   cd bench && npx tsx gateway-ab.bench.ts --baseline=<git revision> --seconds=5 --rounds=5 --no-readme
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@cryptograph/core';
import { createGatewayServer, loadGatewayEnv } from '@cryptograph/gateway';
import { startStack, type RunningStack } from '@cryptograph/app';
import { freshDatabaseUrl, startAvailableServers, type PostgresServer, type RedisServer } from './src/bench-servers.js';
import { prepareBaselineGateway, type BaselineGateway } from './src/baseline-gateway.js';
import { benchAdmin, benchStackEnv } from './src/bench-stack-env.js';
import { elapsedLog, loadSettings, median, runBenchmark, stopInOrder, type StopStep } from './src/bench-run.js';
import { describeRun, summarizeRuns } from './src/load-report.js';
import type { LoadSummary, PreparedRequest } from './src/load-types.js';
import { loadProcesses, runLoad } from './src/run-load.js';
import { runHeaderLines, updateReadmeSection } from './src/readme.js';
import { modelsQuery } from './src/models-query.js';

const settings = {
  baseline: process.argv.find((value) => value.startsWith('--baseline='))?.slice('--baseline='.length) ?? process.env.BENCH_BASELINE ?? 'main',
  ...loadSettings({ seconds: 5, rounds: 7, warmupSeconds: 2 }),
};
const pairs = 4;
const expectedSeconds = 120 + pairs * 2 * (settings.warmupSeconds + settings.rounds * (settings.seconds + 1.5));

let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;
let stack: RunningStack | undefined;
let baseline: BaselineGateway | undefined;
let dataDir: string | undefined;
const gateways: StopStep[] = [];

async function cleanup(): Promise<void> {
  for (const child of loadProcesses) child.kill('SIGKILL');
  await stopInOrder([...gateways.splice(0).reverse(), ['stack', stack?.stop], ['redis', redis?.stop], ['postgres', postgres?.stop]]);
  stack = redis = postgres = undefined;
  baseline?.cleanup();
  baseline = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

interface Scenario {
  readonly workload: string;
  readonly gateway: 'this' | 'baseline';
  readonly url: string;
  readonly requests: readonly PreparedRequest[];
  readonly expect: string;
}

async function main(): Promise<number> {
  const log = elapsedLog(5);
  baseline = await prepareBaselineGateway(settings.baseline);
  log(`baseline gateway of ${settings.baseline} prepared`);
  [postgres, redis] = await startAvailableServers();
  const infrastructure = `${postgres ? 'real Postgres' : 'embedded PGlite'}, ${redis ? 'real Redis' : 'in-process event bus'}`;
  dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-bench-ab-'));
  const admin = benchAdmin();
  const env = benchStackEnv({ dataDir, admin, databaseUrl: await freshDatabaseUrl(postgres), redisUrl: redis?.url }, { GRAPHIQL: 'false' });
  stack = await startStack(env);

  // Four gateways on the stack's subgraphs: this revision's and the baseline's, each with limits off and on.
  const limitsOn = { RATE_LIMIT_ENABLED: 'true', GRAPHQL_COST_ANALYSIS: 'true', RATE_LIMIT_MAX: '10000000', GRAPHQL_COST_PER_MINUTE: '1000000000' };
  const start = async (name: string, create: typeof createGatewayServer, load: typeof loadGatewayEnv, extra: Record<string, string>) => {
    const server = await create({
      env: load({ ...env, PORT: '0', ...extra }),
      logger: createLogger(name, 'silent'),
      subgraphUrls: stack!.subgraphUrls,
      bus: stack!.bus,
    });
    const url = `${await server.listen()}/graphql`;
    gateways.push([name, () => server.stop()]);
    return url;
  };
  const urls = {
    thisOff: await start('this, limits off', createGatewayServer, loadGatewayEnv, {}),
    baselineOff: await start('baseline, limits off', baseline.createGatewayServer, baseline.loadGatewayEnv, { SUPERGRAPH_PATH: baseline.supergraphPath }),
    thisOn: await start('this, limits on', createGatewayServer, loadGatewayEnv, limitsOn),
    baselineOn: await start('baseline, limits on', baseline.createGatewayServer, baseline.loadGatewayEnv, {
      SUPERGRAPH_PATH: baseline.supergraphPath,
      ...limitsOn,
    }),
  };
  log(`gateways up: ${JSON.stringify(urls)}`);

  // Seed as gateway.bench.ts does: 5 analysts with 4 models each, 50 viewers.
  const call = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await fetch(urls.thisOff, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown };
    if (body.errors || !body.data) throw new Error(`setup call failed: ${JSON.stringify(body)}`);
    return body.data;
  };
  const login = async (name: string, password: string) =>
    (await call('mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { login: name, password } })).login.accessToken as string;
  const adminToken = await login(admin.username, admin.password);
  const password = `Secr3t-${randomBytes(12).toString('base64url')}`;
  for (let i = 0; i < 5; i++) {
    await call(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: { email: `analyst${i}@bench.test`, username: `analyst${i}`, password, role: 'ANALYST' } },
      adminToken,
    );
    const token = await login(`analyst${i}`, password);
    for (let m = 0; m < 4; m++) {
      await call(
        'mutation($input: CreateModelInput!) { createModel(input: $input) { id } }',
        {
          input: {
            name: `model-${i}-${m}`,
            symbol: ['BTC', 'ETH', 'SOL'][(i * 4 + m) % 3],
            target: 'VOLATILITY',
            algorithm: 'EWMA',
            interval: 'H1',
            horizon: 1 + m,
          },
        },
        token,
      );
    }
  }
  const viewers: string[] = [];
  for (let i = 0; i < 50; i++)
    viewers.push(
      (
        await call('mutation($input: SignupInput!) { signup(input: $input) { accessToken } }', {
          input: { email: `viewer${i}@bench.test`, username: `viewer${i}`, password },
        })
      ).signup.accessToken as string,
    );
  log('seeded 20 models of 5 analysts, 50 viewers');

  const json = { 'content-type': 'application/json' };
  const federatedModels = modelsQuery(['id', 'username', 'role']);
  const modelsBody = (n: number) => JSON.stringify({ query: federatedModels, variables: { n }, operationName: 'Models' });
  const identical: PreparedRequest[] = [{ headers: { ...json, authorization: `Bearer ${adminToken}` }, body: modelsBody(20) }];
  const distinct: PreparedRequest[] = Array.from({ length: 1000 }, (_, k) => ({
    headers: { ...json, authorization: `Bearer ${viewers[k % 50]}` },
    body: modelsBody(11 + (Math.floor(k / 50) % 20)),
  }));
  const assetsQuery = 'query Assets($first: Int!) { assets(first: $first) { edges { node { symbol name quote active } } pageInfo { hasNextPage endCursor } } }';
  const persisted = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(assetsQuery).digest('hex') } };
  const viewerHeaders = { ...json, authorization: `Bearer ${viewers[0]}` };
  const fullText: PreparedRequest[] = [
    { headers: viewerHeaders, body: JSON.stringify({ query: assetsQuery, variables: { first: 10 }, operationName: 'Assets' }) },
  ];
  const byHash: PreparedRequest[] = [
    { headers: viewerHeaders, body: JSON.stringify({ variables: { first: 10 }, operationName: 'Assets', extensions: persisted }) },
  ];
  for (const url of [urls.thisOn, urls.baselineOn]) {
    const registered = await fetch(url, {
      method: 'POST',
      headers: viewerHeaders,
      body: JSON.stringify({ query: assetsQuery, variables: { first: 10 }, operationName: 'Assets', extensions: persisted }),
    });
    if (!(await registered.text()).includes('"assets"')) throw new Error(`registering the persisted query on ${url} failed`);
  }
  const models = '"owner":{"id":';
  const assets = '"assets":{"edges":[';
  const scenarios: Scenario[] = [
    { workload: 'models, identical', gateway: 'this', url: urls.thisOff, requests: identical, expect: models },
    { workload: 'models, identical', gateway: 'baseline', url: urls.baselineOff, requests: identical, expect: models },
    { workload: 'models, distinct', gateway: 'this', url: urls.thisOff, requests: distinct, expect: models },
    { workload: 'models, distinct', gateway: 'baseline', url: urls.baselineOff, requests: distinct, expect: models },
    { workload: 'assets, full text, limits on', gateway: 'this', url: urls.thisOn, requests: fullText, expect: assets },
    { workload: 'assets, full text, limits on', gateway: 'baseline', url: urls.baselineOn, requests: fullText, expect: assets },
    { workload: 'assets, APQ hash, limits on', gateway: 'this', url: urls.thisOn, requests: byHash, expect: assets },
    { workload: 'assets, APQ hash, limits on', gateway: 'baseline', url: urls.baselineOn, requests: byHash, expect: assets },
  ];
  const load = (scenario: Scenario, seconds: number) =>
    runLoad({ url: scenario.url, connections: settings.connections, seconds, requests: scenario.requests, expect: scenario.expect });
  for (const scenario of scenarios) if (settings.warmupSeconds > 0) await load(scenario, settings.warmupSeconds);
  log('warmed up');

  const results = new Map<Scenario, LoadSummary[]>(scenarios.map((scenario) => [scenario, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (let pair = 0; pair < scenarios.length; pair += 2) {
      const ordered = round % 2 === 1 ? [scenarios[pair]!, scenarios[pair + 1]!] : [scenarios[pair + 1]!, scenarios[pair]!];
      for (const scenario of ordered) {
        const summary = await load(scenario, settings.seconds);
        results.get(scenario)!.push(summary);
        log(`round ${round}/${settings.rounds} ${scenario.workload} (${scenario.gateway}): ${describeRun(summary)}`);
      }
    }
  }

  const rows = scenarios.map((scenario) => ({ scenario, ...summarizeRuns(results.get(scenario)!) }));
  const table = [
    `| workload | gateway | median req/s | min–max req/s | p50 ms | p99 ms | requests | failures |`,
    '|---|---|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (row) =>
        `| ${row.scenario.workload} | ${row.scenario.gateway === 'this' ? 'this revision' : settings.baseline} | **${row.rps.toFixed(0)}** | ${row.min.toFixed(0)}–${row.max.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.requests} | ${row.non2xx + row.bad + row.failed} |`,
    ),
    '',
    `| workload | this / ${settings.baseline}: median of the rounds' ratios | range of the rounds' ratios | ratio of medians | ratio of all requests |`,
    '|---|--:|--:|--:|--:|',
    ...Array.from({ length: pairs }, (_, index) => {
      const [ours, theirs] = [rows[index * 2]!, rows[index * 2 + 1]!];
      // Each round's pair ran back to back under the same load: their ratio is the paired measurement.
      const perRound = results.get(ours.scenario)!.map((run, round) => run.requestsPerSecond / results.get(theirs.scenario)![round]!.requestsPerSecond);
      return `| ${ours.scenario.workload} | **${median(perRound).toFixed(2)}×** | ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}× | ${(ours.rps / theirs.rps).toFixed(2)}× | ${(ours.requests / theirs.requests).toFixed(2)}× |`;
    }),
  ].join('\n');
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}/${process.arch}`;
  const settingsLine = `baseline ${settings.baseline}; ${settings.connections} connections, ${settings.rounds} rounds of ${settings.seconds} s per scenario (pairs interleaved, order swapped every other round) after a ${settings.warmupSeconds} s warm-up each; ${infrastructure}`;
  console.log(`\nGateway A/B benchmark — ${new Date().toISOString()}\n${machine}\n${settingsLine}\n\n${table}\n`);
  const failures = rows.reduce((sum, row) => sum + row.non2xx + row.bad + row.failed, 0);
  if (failures > 0) throw new Error(`${failures} responses were non-2xx, wrong or failed: the figures are not valid (README not updated)`);
  if (settings.writeReadme) {
    updateReadmeSection(new URL('./README.md', import.meta.url), 'gateway-ab', [...runHeaderLines(machine, settingsLine), table].join('\n'));
    log('figures written to bench/README.md');
  }
  return 0;
}

await runBenchmark(main, cleanup, expectedSeconds);
