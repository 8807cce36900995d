/**
 * Gateway benchmark: requests/s of a query that crosses two subgraphs (predictions → users),
 * measured in one run, side by side and interleaved, against
 *   - ours:   our gateway (keep-alive undici pool, in-flight dedup, cached plans);
 *   - stock:  a stock `ApolloGateway({ supergraphSdl })` on the same running subgraphs;
 *   - direct: the predictions subgraph alone (the first hop of the same query).
 * Two workloads: "identical" (every request the same query, variables and user) and "distinct"
 * (consecutive requests differ in variables and user, which defeats in-flight dedup).
 * Prints a table of medians and ratios and writes it into bench/README.md.
 *
 *   npm run bench                      # defaults: 50 connections, 3 rounds of 5 s per scenario
 *   BENCH_SECONDS=10 BENCH_ROUNDS=5 npm run bench
 *   cd bench && npx tsx gateway.bench.ts --seconds=10 --rounds=5 --connections=50 --warmup=2 --no-readme
 *   cd bench && node --cpu-prof --import tsx gateway.bench.ts --only=ours,distinct --rounds=1   # profile one target
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { identityHeader, internalKey, signIdentity, type Identity, type Role } from '@cryptograph/core';
import { startStack, type RunningStack } from '@cryptograph/app';
import { supergraphPath } from '@cryptograph/schema';
import { freshDatabaseUrl, startAvailableServers, type PostgresServer, type RedisServer } from './src/bench-servers.js';
import type { LoadJob, LoadSummary, PreparedRequest } from './src/load-types.js';
import { loadProcesses, runLoad } from './src/run-load.js';
import { describeRun, summarizeRuns } from './src/load-report.js';
import { runHeaderLines, updateReadmeSection } from './src/readme.js';
import { startStockGateway, supergraphWithUrls, type StockGateway } from './src/stock-gateway.js';
import { benchAdmin, benchStackEnv } from './src/bench-stack-env.js';
import { elapsedLog, loadSettings, runBenchmark, stopInOrder, type StopStep } from './src/bench-run.js';
import { modelsQuery } from './src/models-query.js';

// ---------------------------------------------------------------------------------------------
// Settings

const settings = loadSettings({ seconds: 5, rounds: 3, warmupSeconds: 2 });
/** Distinct users of the "distinct" workload; more than the connections, so no two in-flight requests share one. */
const distinctUsers = Math.max(settings.connections, 10);
const models = { analysts: 5, perAnalyst: 4, symbols: ['BTC', 'ETH', 'SOL'] };
const modelCount = models.analysts * models.perAnalyst;

// How long a run should take: runBenchmark stops it after twice that.
const scenariosCount = 6;
const expectedSeconds = 60 + scenariosCount * (settings.warmupSeconds + settings.rounds * (settings.seconds + 1.5));

// ---------------------------------------------------------------------------------------------
// Queries

const gatewayQuery = modelsQuery(['id', 'username', 'role']);
const directQuery = modelsQuery(['id']);
/** n of the distinct workload cycles through these (there are only `modelCount` models, so larger n return them all). */
const distinctNs = Array.from({ length: 20 }, (_, i) => 11 + i);

interface ModelsData {
  models: { edges: { node: { id: string; name: string; horizon: number; owner: { id: string; username?: string; role?: string } } }[] };
}

// ---------------------------------------------------------------------------------------------
// Infrastructure (everything started here is stopped by cleanup())

let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;
let stack: RunningStack | undefined;
let stock: StockGateway | undefined;
let dataDir: string | undefined;

async function cleanup(): Promise<void> {
  for (const child of loadProcesses) child.kill('SIGKILL');
  const steps: StopStep[] = [
    ['stock gateway', stock?.stop],
    ['stack', stack?.stop],
    ['redis', redis?.stop],
    ['postgres', postgres?.stop],
  ];
  stock = stack = redis = postgres = undefined;
  await stopInOrder(steps);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

// ---------------------------------------------------------------------------------------------
// GraphQL helpers for setup and checks

interface GraphqlBody<T> {
  data?: T | null;
  errors?: { message: string }[];
}

async function post<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: GraphqlBody<T> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as GraphqlBody<T> };
}

async function gatewayCall<T>(query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const { status, body } = await post<T>(`${stack!.gatewayUrl}/graphql`, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
  if (status !== 200 || body.errors || !body.data) throw new Error(`setup call failed (${status}): ${JSON.stringify(body)}`);
  return body.data;
}

async function login(login: string, password: string): Promise<{ token: string; userId: string; role: Role }> {
  const data = await gatewayCall<{ login: { accessToken: string; user: { id: string; role: Role } } }>(
    `mutation Login($input: LoginInput!) { login(input: $input) { accessToken user { id role } } }`,
    { input: { login, password } },
  );
  return { token: data.login.accessToken, userId: data.login.user.id, role: data.login.user.role };
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------
// Load runs

interface Scenario {
  readonly name: string;
  readonly target: 'ours' | 'stock' | 'direct';
  readonly workload: 'identical' | 'distinct';
  /** Builds the job right before each run (identity headers for direct calls expire after 60 s). */
  readonly job: (seconds: number) => Promise<LoadJob>;
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const log = elapsedLog(5);

  // 1. Throwaway Postgres and Redis (embedded fallbacks when their binaries are missing).
  [postgres, redis] = await startAvailableServers();
  const infrastructure = `${postgres ? 'real Postgres' : 'embedded PGlite (no Postgres binaries)'}, ${redis ? 'real Redis' : 'in-process event bus (no redis-server)'}`;
  log(`infrastructure: ${infrastructure}`);

  // 2. The stack, with an admin created on start.
  dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-bench-'));
  const admin = benchAdmin();
  const env = benchStackEnv({ dataDir, admin, databaseUrl: await freshDatabaseUrl(postgres), redisUrl: redis?.url });
  stack = await startStack(env);
  log(`stack up: gateway ${stack.gatewayUrl}, subgraphs ${JSON.stringify(stack.subgraphUrls)}`);

  // 3. Seed through the gateway: analysts owning the models, and viewers for the distinct workload.
  const adminSession = await login(admin.username, admin.password);
  const password = `Secr3t-${randomBytes(12).toString('base64url')}`;
  await inBatches(
    Array.from({ length: models.analysts }, (_, i) => i),
    2,
    async (i) => {
      await gatewayCall(
        `mutation Create($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { email: `analyst${i}@bench.test`, username: `analyst${i}`, password, role: 'ANALYST' } },
        adminSession.token,
      );
      const analyst = await login(`analyst${i}`, password);
      for (let m = 0; m < models.perAnalyst; m++) {
        await gatewayCall(
          `mutation Model($input: CreateModelInput!) { createModel(input: $input) { id } }`,
          {
            input: {
              name: `model-${i}-${m}`,
              symbol: models.symbols[(i * models.perAnalyst + m) % models.symbols.length],
              target: m % 2 === 0 ? 'VOLATILITY' : 'RETURN',
              algorithm: 'EWMA',
              interval: 'H1',
              horizon: 1 + m,
            },
          },
          analyst.token,
        );
      }
    },
  );
  const viewers = await inBatches(
    Array.from({ length: distinctUsers }, (_, i) => i),
    2,
    async (i) => {
      const data = await gatewayCall<{ signup: { accessToken: string; user: { id: string } } }>(
        `mutation Signup($input: SignupInput!) { signup(input: $input) { accessToken user { id } } }`,
        { input: { email: `viewer${i}@bench.test`, username: `viewer${i}`, password } },
      );
      return { token: data.signup.accessToken, userId: data.signup.user.id, role: 'VIEWER' as Role };
    },
  );
  log(`seeded ${modelCount} models of ${models.analysts} analysts, ${viewers.length} viewers`);

  // 4. The stock gateway on the same subgraphs.
  stock = await startStockGateway({
    supergraphSdl: supergraphWithUrls(pathToFileURL(supergraphPath), stack.subgraphUrls),
    authPrivateKey: env.AUTH_PRIVATE_KEY!,
    internalSecret: env.INTERNAL_SECRET!,
  });
  log(`stock gateway up: ${stock.url}`);

  // 5. Workloads.
  const oursUrl = `${stack.gatewayUrl}/graphql`;
  const stockUrl = stock.url;
  const directUrl = stack.subgraphUrls.predictions!;
  const identityKey = internalKey(env.INTERNAL_SECRET!);
  const json = { 'content-type': 'application/json' };
  const gatewayBody = (n: number) => JSON.stringify({ query: gatewayQuery, variables: { n }, operationName: 'Models' });
  const directBody = (n: number) => JSON.stringify({ query: directQuery, variables: { n }, operationName: 'Models' });
  const identity = (user: { userId: string; role: Role }): Identity => ({ userId: user.userId, role: user.role, scopes: null, clientAddress: '127.0.0.1' });

  // Distinct: request k goes as viewer k % U with n = distinctNs[floor(k / U) % 20]; two requests
  // share user and variables only 20·U requests apart, never while both are in flight.
  const distinctPlan = Array.from({ length: distinctUsers * distinctNs.length }, (_, k) => ({
    user: viewers[k % distinctUsers]!,
    n: distinctNs[Math.floor(k / distinctUsers) % distinctNs.length]!,
  }));
  const gatewayIdentical: PreparedRequest[] = [{ headers: { ...json, authorization: `Bearer ${adminSession.token}` }, body: gatewayBody(modelCount) }];
  const gatewayDistinct: PreparedRequest[] = distinctPlan.map(({ user, n }) => ({
    headers: { ...json, authorization: `Bearer ${user.token}` },
    body: gatewayBody(n),
  }));
  const gatewayExpect = '"owner":{"id":';
  const directExpect = '"models":{"edges":[{';

  const job =
    (url: string, requests: readonly PreparedRequest[], expect: string) =>
    async (seconds: number): Promise<LoadJob> => ({
      url,
      connections: settings.connections,
      seconds,
      requests,
      expect,
    });
  const directJob =
    (workload: 'identical' | 'distinct') =>
    async (seconds: number): Promise<LoadJob> => {
      // Direct calls carry the identity header our gateway would send; signed right before each run
      // (they live 60 s), so direct pays no signing cost per request.
      if (workload === 'identical') {
        const token = await signIdentity(identity(adminSession), identityKey, 'predictions');
        return {
          url: directUrl,
          connections: settings.connections,
          seconds,
          expect: directExpect,
          requests: [{ headers: { ...json, [identityHeader]: token }, body: directBody(modelCount) }],
        };
      }
      const tokens = new Map<string, string>();
      for (const viewer of viewers) tokens.set(viewer.userId, await signIdentity(identity(viewer), identityKey, 'predictions'));
      return {
        url: directUrl,
        connections: settings.connections,
        seconds,
        expect: directExpect,
        requests: distinctPlan.map(({ user, n }) => ({ headers: { ...json, [identityHeader]: tokens.get(user.userId)! }, body: directBody(n) })),
      };
    };

  const scenarios: Scenario[] = [
    { name: 'ours   identical', target: 'ours', workload: 'identical', job: job(oursUrl, gatewayIdentical, gatewayExpect) },
    { name: 'stock  identical', target: 'stock', workload: 'identical', job: job(stockUrl, gatewayIdentical, gatewayExpect) },
    { name: 'direct identical', target: 'direct', workload: 'identical', job: directJob('identical') },
    { name: 'ours   distinct', target: 'ours', workload: 'distinct', job: job(oursUrl, gatewayDistinct, gatewayExpect) },
    { name: 'stock  distinct', target: 'stock', workload: 'distinct', job: job(stockUrl, gatewayDistinct, gatewayExpect) },
    { name: 'direct distinct', target: 'direct', workload: 'distinct', job: directJob('distinct') },
  ];

  // `--only=ours,distinct` keeps the scenarios whose target or workload is listed (for profiling).
  const only = process.argv
    .find((value) => value.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  if (only) scenarios.splice(0, scenarios.length, ...scenarios.filter((scenario) => only.includes(scenario.target) && only.includes(scenario.workload)));

  // 6. Correctness first: ours and stock answer the same, complete data; direct the same models.
  const check = async (url: string, request: PreparedRequest): Promise<ModelsData> => {
    const response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
    const body = (await response.json()) as GraphqlBody<ModelsData>;
    if (response.status !== 200 || body.errors || !body.data)
      throw new Error(`check of ${url} failed (${response.status}): ${JSON.stringify(body).slice(0, 500)}`);
    return body.data;
  };
  const oursData = await check(oursUrl, gatewayIdentical[0]!);
  const stockData = await check(stockUrl, gatewayIdentical[0]!);
  const directData = await check(directUrl, (await directJob('identical')(1)).requests[0]!);
  if (oursData.models.edges.length !== modelCount) throw new Error(`expected ${modelCount} models, got ${oursData.models.edges.length}`);
  if (JSON.stringify(oursData) !== JSON.stringify(stockData)) throw new Error('ours and stock answer differently');
  const usernames = new Set(oursData.models.edges.map((edge) => edge.node.owner.username));
  if (usernames.size !== models.analysts || [...usernames].some((name) => !name?.startsWith('analyst')))
    throw new Error(`owners not joined from users: ${[...usernames].join(', ')}`);
  const ids = (data: ModelsData) => data.models.edges.map((edge) => `${edge.node.id}/${edge.node.owner.id}`).join(',');
  if (ids(directData) !== ids(oursData)) throw new Error('direct answers other models than the gateways');
  for (const request of [gatewayDistinct[0]!, gatewayDistinct[distinctUsers]!]) {
    const [a, b] = [await check(oursUrl, request), await check(stockUrl, request)];
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('ours and stock answer the distinct workload differently');
  }
  log(`checked: ours and stock return the same ${modelCount} models with owners from users; direct the same models`);

  // 7. Warm-up (not recorded), then interleaved rounds.
  if (settings.warmupSeconds > 0) {
    for (const scenario of scenarios) await runLoad(await scenario.job(settings.warmupSeconds));
    log(`warmed up (${settings.warmupSeconds} s per scenario)`);
  }
  const results = new Map<string, LoadSummary[]>(scenarios.map((scenario) => [scenario.name, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const scenario of scenarios) {
      const summary = await runLoad(await scenario.job(settings.seconds));
      results.get(scenario.name)!.push(summary);
      log(`round ${round}/${settings.rounds} ${scenario.name}: ${describeRun(summary)}`);
    }
  }

  // 8. Report.
  const rows = scenarios.map((scenario) => ({ scenario, ...summarizeRuns(results.get(scenario.name)!) }));
  const rpsOf = (target: Scenario['target'], workload: Scenario['workload']) =>
    rows.find((row) => row.scenario.target === target && row.scenario.workload === workload)?.rps ?? Number.NaN;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  const runsOf = (target: Scenario['target'], workload: Scenario['workload']) =>
    results.get(scenarios.find((scenario) => scenario.target === target && scenario.workload === workload)?.name ?? '') ?? [];
  // Ours / stock of each round (the two ran back to back): its range shows how noisy the ratio is.
  const roundRatios = (workload: Scenario['workload']) => {
    const [ours, reference] = [runsOf('ours', workload), runsOf('stock', workload)];
    const values = ours.map((run, i) => run.requestsPerSecond / (reference[i]?.requestsPerSecond ?? Number.NaN));
    return values.length ? `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}×` : 'n/a';
  };
  const ratios = (['identical', 'distinct'] as const).map((workload) => ({
    workload,
    perRound: roundRatios(workload),
    oursStock: rpsOf('ours', workload) / rpsOf('stock', workload),
    oursDirect: ratio(rpsOf('ours', workload), rpsOf('direct', workload)),
    stockDirect: ratio(rpsOf('stock', workload), rpsOf('direct', workload)),
  }));

  const table = [
    '| target | workload | median req/s | min–max req/s | p50 ms | p99 ms | requests | non-2xx | wrong/errors bodies | socket errors |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (row) =>
        `| ${row.scenario.target} | ${row.scenario.workload} | **${row.rps.toFixed(0)}** | ${row.min.toFixed(0)}–${row.max.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.requests} | ${row.non2xx} | ${row.bad} | ${row.failed} |`,
    ),
    '',
    '| workload | ours / stock (medians) | ours / stock per round | ours / direct | stock / direct |',
    '|---|--:|--:|--:|--:|',
    ...ratios.map((r) => `| ${r.workload} | **${r.oursStock.toFixed(2)}×** | ${r.perRound} | ${r.oursDirect} | ${r.stockDirect} |`),
  ].join('\n');
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}/${process.arch}`;
  const settingsLine = `${settings.connections} connections, ${settings.rounds} interleaved rounds of ${settings.seconds} s per scenario after a ${settings.warmupSeconds} s warm-up each; ${modelCount} models of ${models.analysts} owners; distinct workload over ${distinctUsers} users × ${distinctNs.length} values of n; ${infrastructure}`;
  const verdict = ratios
    .map(
      (r) =>
        `${r.workload}: ours/stock ${r.oursStock.toFixed(2)}× (${r.oursStock >= 1.5 ? 'meets the 1.5× goal' : r.oursStock >= 1 ? 'meets the 1.0× target, below the 1.5× goal' : 'BELOW the 1.0× target'})`,
    )
    .join('; ');

  console.log(`\nGateway benchmark — ${new Date().toISOString()}\n${machine}\n${settingsLine}\n\n${table}\n\n${verdict}\n`);

  const total = rows.reduce((sum, row) => sum + row.non2xx + row.bad + row.failed, 0);
  if (total > 0) throw new Error(`${total} responses were non-2xx, wrong or failed: the figures are not valid (README not updated)`);
  if (settings.writeReadme && !only) {
    const section = [...runHeaderLines(machine, settingsLine), table, '', `Verdict: ${verdict}.`].join('\n');
    updateReadmeSection(new URL('./README.md', import.meta.url), 'gateway', section);
    log('figures written to bench/README.md');
  }
}

await runBenchmark(main, cleanup, expectedSeconds);
