/**
 * The Guild's federation benchmark workload (graphql-hive/graphql-gateways-benchmark): its four
 * subgraphs (accounts, inventory, products, reviews; restated in src/guild/) and its `TestQuery`
 * (an answer of about 86 KB), through five gateways, each in its own process pinned to one CPU:
 *   - stock:           `ApolloGateway({ supergraphSdl })` in Apollo Server (the reference);
 *   - hive:            Hive Gateway as the Guild runs it (graphql-jit, inbound in-flight dedup);
 *   - hive-no-dedup:   Hive Gateway with graphql-jit, inbound dedup off;
 *   - ours:            our gateway as `npm run start:gateway` starts it (its start script's node options), SUPERGRAPH_PATH on the Guild supergraph;
 *   - ours-no-dedup:   the same with GRAPHQL_DEDUPLICATION=false and RESPONSE_CACHE=false (the engine path).
 * The subgraphs and the load generator (autocannon in its own process) share the other CPU.
 * Rounds interleave the gateways; each round also samples each gateway's RSS from /proc and its CPU
 * time. Prints medians and ratios to stock and writes them into bench/README.md.
 *
 *   npm run bench:guild -w @cryptograph/bench
 *   cd bench && npx tsx gateway-guild.bench.ts --seconds=20 --rounds=3 --warmup=5
 *   cd bench && npx tsx gateway-guild.bench.ts --seconds=3 --rounds=1 --warmup=1 --only=ours,stock --no-readme   # a smoke run
 *   cd bench && npx tsx gateway-guild.bench.ts --only=ours-no-dedup --rounds=1 --profile=/tmp/prof          # CPU profile of each gateway (.cpuprofile files)
 *   cd bench && npx tsx gateway-guild.bench.ts --only=ours-no-dedup --rounds=1 --heap-snapshot=/tmp/heap   # a heap snapshot of each gateway mid-round
 *   cd bench && npx tsx gateway-guild.bench.ts --only=ours,ours-no-dedup --env=HEAP_GROWTH_PERCENT=0 --no-readme  # ours with other settings
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { repositoryRoot } from '@cryptograph/testing/repository-root';
import { elapsedLog, loadSettings, median, runBenchmark, stopInOrder } from './src/bench-run.js';
import { describeRun } from './src/load-report.js';
import type { LoadSummary } from './src/load-types.js';
import { cpuMicros, sampleRss } from './src/proc-stats.js';
import { runHeaderLines, updateReadmeSection } from './src/readme.js';
import { loadProcesses, runLoad } from './src/run-load.js';
import { startGatewayProcess, tasksetAvailable, type GatewayProcess } from './src/guild/gateway-process.js';
import { composeGuildSupergraph } from './src/guild/guild-supergraph.js';
import { guildTestQuery } from './src/guild/test-query.js';

const settings = loadSettings({ seconds: 20, rounds: 3, warmupSeconds: 5 }, { seconds: 120, warmupSeconds: 60 });
const targetNames = ['stock', 'hive', 'hive-no-dedup', 'ours', 'ours-no-dedup'] as const;
type TargetName = (typeof targetNames)[number];
const only = process.argv
  .find((value) => value.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',') as TargetName[] | undefined;
const selected = targetNames.filter((name) => !only || only.includes(name));
/** `--env=NAME=value` (repeatable): extra environment of our gateways (HEAP_GROWTH_PERCENT=0, say). */
const oursExtraEnv = Object.fromEntries(
  process.argv
    .filter((value) => value.startsWith('--env='))
    .map((value) => {
      const [name, ...rest] = value.slice('--env='.length).split('=');
      return [name!, rest.join('=')];
    }),
);
const profileDir = process.argv.find((value) => value.startsWith('--profile='))?.slice('--profile='.length);
const heapSnapshotDir = process.argv.find((value) => value.startsWith('--heap-snapshot='))?.slice('--heap-snapshot='.length);
/** Node options of every gateway process: a CPU profile written when it stops, a heap snapshot on SIGUSR2 (written into its working directory). */
const diagnostics = [
  ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
  ...(heapSnapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapSnapshotDir}`] : []),
];
const expectedSeconds = 120 + selected.length * (30 + settings.warmupSeconds + settings.rounds * (settings.seconds + 3));

const benchDir = fileURLToPath(new URL('.', import.meta.url));
/** The gateways run on this CPU; the subgraphs, the load generator and this process on the other. */
const gatewayCpu = cpus().length > 1 ? 1 : undefined;

let subgraphs: ChildProcess | undefined;
let workDir: string | undefined;
const gateways: GatewayProcess[] = [];

async function cleanup(): Promise<void> {
  for (const child of loadProcesses) child.kill('SIGKILL');
  await stopInOrder(gateways.map((gateway) => [gateway.name, gateway.stop] as const));
  gateways.length = 0;
  if (subgraphs && subgraphs.exitCode === null) {
    const gone = new Promise<void>((resolve) => subgraphs!.once('exit', () => resolve()));
    subgraphs.send('stop');
    const timer = setTimeout(() => subgraphs?.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
  subgraphs = undefined;
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
}

/** Asks the subgraphs process how many GraphQL requests each subgraph has received. */
function subgraphRequests(): Promise<number> {
  return new Promise((resolve) => {
    subgraphs!.once('message', (message: { counts: Record<string, number> }) => resolve(Object.values(message.counts).reduce((sum, count) => sum + count, 0)));
    subgraphs!.send('counts');
  });
}

/**
 * The node arguments of a package's `start` script (`tsx <options> <entry>`), so that ours runs
 * exactly as `npm run start:gateway` starts it, in one process (`node --import tsx …` instead of
 * the tsx CLI, which would start node as a child).
 */
function startScriptArgs(packageJson: string): string[] {
  const script = (JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = script.trim().split(/\s+/);
  if (command !== 'tsx') throw new Error(`expected the gateway's start script to run tsx, got: ${script}`);
  return ['--import', 'tsx', ...args];
}

/** Sorts object keys recursively, so answers that differ only in key order compare equal. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  return value;
}

interface Round extends LoadSummary {
  readonly rssPeak: number;
  readonly rssMedian: number;
  /** CPU time of the gateway process per completed request (µs). */
  readonly cpuPerRequest: number;
  /** Subgraph requests per completed request. */
  readonly fetchesPerRequest: number;
}

async function main(): Promise<void> {
  const log = elapsedLog(6);
  const loadBefore = loadavg();
  if (gatewayCpu !== undefined && tasksetAvailable) {
    // This process, and what it forks (the subgraphs, the load generator), run on CPU 0; the gateways on CPU 1.
    execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  }
  log(
    `load average before: ${loadBefore.map((value) => value.toFixed(2)).join(' ')}; ${tasksetAvailable && gatewayCpu !== undefined ? 'gateways pinned to CPU 1, subgraphs and load generator to CPU 0' : 'not pinned (taskset or a second CPU missing)'}`,
  );

  workDir = mkdtempSync(join(tmpdir(), 'cryptograph-guild-'));
  subgraphs = fork(new URL('./src/guild/guild-subgraphs-process.ts', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    subgraphs!.once('message', (message: { urls: Record<string, string> }) => resolve(message.urls));
    subgraphs!.once('exit', (code) => reject(new Error(`the subgraphs process exited with ${code}`)));
  });
  const supergraphPath = join(workDir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeGuildSupergraph(urls));
  const hiveConfig = (dedup: boolean) => {
    const path = join(workDir!, `hive-${dedup ? 'dedup' : 'no-dedup'}.config.mjs`);
    writeFileSync(path, `export const gatewayConfig = { inboundInflightRequestDeduplication: ${dedup}, jit: true };\n`);
    return path;
  };
  log(`subgraphs up: ${JSON.stringify(urls)}`);

  const body = JSON.stringify({ query: guildTestQuery, operationName: 'TestQuery' });
  const production = { NODE_ENV: 'production', HOME: process.env.HOME ?? workDir };
  const oursEnv = (dedup: boolean): Record<string, string> => ({
    ...production,
    SUPERGRAPH_PATH: supergraphPath,
    DATA_DIR: join(workDir!, 'ours'),
    INTERNAL_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: 'true',
    // Stock and Hive run without rate limits or cost budgets; so does ours (bench/api.bench.ts measures those).
    RATE_LIMIT_ENABLED: 'false',
    GRAPHQL_COST_ANALYSIS: 'false',
    ...(dedup ? {} : { GRAPHQL_DEDUPLICATION: 'false', RESPONSE_CACHE: 'false' }),
    ...oursExtraEnv,
  });
  const oursArgs = startScriptArgs(join(repositoryRoot, 'gateway', 'package.json'));
  const hiveBin = join(dirname(createRequire(import.meta.url).resolve('@graphql-hive/gateway')), 'bin.js');
  const definitions: Record<TargetName, () => Promise<GatewayProcess>> = {
    stock: () =>
      startGatewayProcess({
        name: 'stock',
        args: [...diagnostics, '--import', 'tsx', 'src/guild/stock-guild-gateway.ts'],
        env: { ...production, SUPERGRAPH_PATH: supergraphPath },
        cwd: benchDir,
        path: '/',
        cpu: gatewayCpu,
        readyBody: body,
      }),
    hive: () =>
      startGatewayProcess({
        name: 'hive',
        args: [...diagnostics, hiveBin, 'supergraph', supergraphPath, '-c', hiveConfig(true)],
        env: production,
        cwd: workDir!,
        path: '/graphql',
        cpu: gatewayCpu,
        readyBody: body,
      }),
    'hive-no-dedup': () =>
      startGatewayProcess({
        name: 'hive-no-dedup',
        args: [...diagnostics, hiveBin, 'supergraph', supergraphPath, '-c', hiveConfig(false)],
        env: production,
        cwd: workDir!,
        path: '/graphql',
        cpu: gatewayCpu,
        readyBody: body,
      }),
    ours: () =>
      startGatewayProcess({
        name: 'ours',
        args: [...diagnostics, ...oursArgs],
        env: oursEnv(true),
        cwd: join(repositoryRoot, 'gateway'),
        path: '/graphql',
        cpu: gatewayCpu,
        readyBody: body,
      }),
    'ours-no-dedup': () =>
      startGatewayProcess({
        name: 'ours-no-dedup',
        args: [...diagnostics, ...oursArgs],
        env: oursEnv(false),
        cwd: join(repositoryRoot, 'gateway'),
        path: '/graphql',
        cpu: gatewayCpu,
        readyBody: body,
      }),
  };
  for (const name of selected) {
    gateways.push(await definitions[name]());
    log(`${name} up (pid ${gateways.at(-1)!.pid})`);
  }

  // Correctness first: every gateway answers the same data (key order aside) with no errors.
  const answers = new Map<string, string>();
  // Each gateway's own answer length (serializers differ in key order and a trailing newline): every response under load must have it.
  const lengths = new Map<string, number>();
  for (const gateway of gateways) {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await response.text();
    const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
    if (response.status !== 200 || parsed.errors || !parsed.data) throw new Error(`${gateway.name} answered ${response.status}: ${text.slice(0, 300)}`);
    answers.set(gateway.name, JSON.stringify(canonical(parsed.data)));
    lengths.set(gateway.name, text.length);
  }
  const answerKb = Math.min(...lengths.values()) / 1024;
  if (new Set(answers.values()).size !== 1) throw new Error(`the gateways answer different data: ${[...answers.keys()].join(', ')}`);
  log(`checked: every gateway answers the same ${answerKb.toFixed(1)} KB of data without errors`);

  const job = (gateway: GatewayProcess, seconds: number) => ({
    url: gateway.url,
    connections: settings.connections,
    seconds,
    requests: [{ headers: { 'content-type': 'application/json' }, body }],
    expect: '"topProducts"',
    expectLength: lengths.get(gateway.name)!,
  });
  if (settings.warmupSeconds > 0) {
    for (const gateway of gateways) await runLoad(job(gateway, settings.warmupSeconds));
    log(`warmed up (${settings.warmupSeconds} s per gateway)`);
  }
  const results = new Map<string, Round[]>(gateways.map((gateway) => [gateway.name, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    // Interleaved; the order rotates every round, so no gateway always follows the same one.
    const order = gateways.map((_, index) => gateways[(index + round - 1) % gateways.length]!);
    for (const gateway of order) {
      const fetchesBefore = await subgraphRequests();
      const cpuBefore = cpuMicros(gateway.pid);
      const rss = sampleRss(gateway.pid);
      // A heap snapshot in the middle of the round (the process pauses while it writes it).
      const snapshot = heapSnapshotDir ? setTimeout(() => process.kill(gateway.pid, 'SIGUSR2'), (settings.seconds * 1000) / 2) : undefined;
      const summary = await runLoad(job(gateway, settings.seconds));
      clearTimeout(snapshot);
      // The snapshot is written on the gateway's main thread: once it answers again, the file is complete.
      if (heapSnapshotDir)
        await (
          await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(300_000) })
        ).arrayBuffer();
      const memory = rss.stop();
      const cpuPerRequest = (cpuMicros(gateway.pid) - cpuBefore) / Math.max(1, summary.total);
      const fetchesPerRequest = ((await subgraphRequests()) - fetchesBefore) / Math.max(1, summary.total);
      const measured: Round = { ...summary, rssPeak: memory.peak, rssMedian: memory.median, cpuPerRequest, fetchesPerRequest };
      results.get(gateway.name)!.push(measured);
      log(
        `round ${round}/${settings.rounds} ${gateway.name.padEnd(13)}: ${describeRun(summary)}, RSS peak ${(memory.peak / 2 ** 20).toFixed(0)} MB, ${(cpuPerRequest / 1000).toFixed(2)} ms CPU/request, ${fetchesPerRequest.toFixed(2)} subgraph requests/request`,
      );
    }
  }
  const loadAfter = loadavg();

  const rows = gateways.map((gateway) => {
    const runs = results.get(gateway.name)!;
    const rps = runs.map((run) => run.requestsPerSecond);
    return {
      name: gateway.name,
      rps: median(rps),
      min: Math.min(...rps),
      max: Math.max(...rps),
      p50: median(runs.map((run) => run.p50)),
      p99: median(runs.map((run) => run.p99)),
      rss: median(runs.map((run) => run.rssPeak)),
      cpu: median(runs.map((run) => run.cpuPerRequest)),
      fetches: median(runs.map((run) => run.fetchesPerRequest)),
      requests: runs.reduce((sum, run) => sum + run.total, 0),
      failures: runs.reduce((sum, run) => sum + run.non2xx + run.badBodies + run.errors + run.timeouts, 0),
    };
  });
  const stock = rows.find((row) => row.name === 'stock');
  const ratio = (name: string) => {
    const row = rows.find((candidate) => candidate.name === name);
    return row && stock ? row.rps / stock.rps : Number.NaN;
  };
  // Per round: each gateway against the stock run of the same round.
  const roundRatios = (name: string) => {
    const [runs, references] = [results.get(name) ?? [], results.get('stock') ?? []];
    const values = runs.map((run, index) => run.requestsPerSecond / (references[index]?.requestsPerSecond ?? Number.NaN)).filter(Number.isFinite);
    return values.length ? `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}×` : 'n/a';
  };
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const table = [
    '| gateway | median req/s | min–max req/s | / stock (medians) | / stock per round | p50 ms | p99 ms | RSS under load (peak, MB) | CPU ms / request | subgraph requests / request | requests | failures |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (row) =>
        `| ${row.name} | **${row.rps.toFixed(0)}** | ${row.min.toFixed(0)}–${row.max.toFixed(0)} | **${ratio(row.name).toFixed(1)}×** | ${roundRatios(row.name)} | ${row.p50} | ${row.p99} | ${mb(row.rss)} | ${(row.cpu / 1000).toFixed(2)} | ${row.fetches.toFixed(2)} | ${row.requests} | ${row.failures} |`,
    ),
  ].join('\n');
  const verdicts: string[] = [];
  if (stock) {
    const hive = ratio('hive');
    const ours = ratio('ours');
    const engine = ratio('ours-no-dedup');
    const oursRow = rows.find((row) => row.name === 'ours');
    const engineRow = rows.find((row) => row.name === 'ours-no-dedup');
    if (Number.isFinite(ours) && Number.isFinite(hive))
      verdicts.push(
        `ours ${ours.toFixed(1)}× stock against Hive Gateway's ${hive.toFixed(1)}× (target: at least Hive's ratio: ${ours >= hive ? 'met' : 'NOT met'})`,
      );
    if (Number.isFinite(engine)) verdicts.push(`ours with dedup and cache off ${engine.toFixed(1)}× stock (target ≥ 3×: ${engine >= 3 ? 'met' : 'NOT met'})`);
    const rssRows = [oursRow, engineRow].filter((row) => row !== undefined);
    if (rssRows.length)
      verdicts.push(
        `RSS under load ${rssRows.map((row) => `${row.name} ${mb(row.rss)} MB`).join(', ')} (target ≤ 300 MB: ${rssRows.every((row) => row.rss <= 300 * 2 ** 20) ? 'met' : 'NOT met'})`,
      );
  }
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${process.platform}/${process.arch}`;
  const loads = `1-min load average ${loadBefore[0]!.toFixed(2)} before the run, ${loadAfter[0]!.toFixed(2)} after`;
  const settingsLine = `${settings.connections} connections, ${settings.rounds} interleaved rounds of ${settings.seconds} s per gateway after a ${settings.warmupSeconds} s warm-up each; answer ${answerKb.toFixed(1)} KB; ${tasksetAvailable && gatewayCpu !== undefined ? 'each gateway pinned to CPU 1, subgraphs and load generator on CPU 0' : 'processes not pinned'}; ${loads}`;
  console.log(`\nGuild workload — ${new Date().toISOString()}\n${machine}\n${settingsLine}\n\n${table}\n\n${verdicts.join('\n')}\n`);

  const failures = rows.reduce((sum, row) => sum + row.failures, 0);
  if (failures > 0) throw new Error(`${failures} responses were non-2xx, wrong or failed: the figures are not valid (README not updated)`);
  if (settings.writeReadme && !only && !profileDir && !heapSnapshotDir && Object.keys(oursExtraEnv).length === 0) {
    updateReadmeSection(
      new URL('./README.md', import.meta.url),
      'gateway-guild',
      [...runHeaderLines(machine, settingsLine), table, '', `Verdict: ${verdicts.join('; ')}.`].join('\n'),
    );
    log('figures written to bench/README.md');
  }
}

await runBenchmark(main, cleanup, expectedSeconds);
