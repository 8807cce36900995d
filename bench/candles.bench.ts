/**
 * Candles benchmark: a year of minute candles downsampled to 1,000 points, asked through the
 * gateway (`candles(symbol, interval: M1, from, to, maxPoints: 1000)`), against the bare SQL
 * aggregation the market subgraph runs for it, on the same database in the same run (interleaved,
 * medians, ratio; target ≤ 2×). Prints the table and writes it into bench/README.md.
 *
 * We ship about a month of real minute data, so the year is synthetic but realistic: the real BTC
 * minute bars seeded on first start, time-shifted and repeated back to back over 2022 into a
 * bench-only asset `BENCHBTC` (about 525,000 bars), directly with SQL.
 *
 *   cd bench && npx tsx candles.bench.ts                 # defaults: 3 warm-up and 9 measured rounds
 *   cd bench && npx tsx candles.bench.ts --rounds=15 --no-readme
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startStack, type RunningStack } from '@cryptograph/app';
import { createTestDatabase, postgresBinariesAvailable, startPostgresServer, type PostgresServer } from '@cryptograph/testing';
import { updateReadmeSection } from './src/readme.js';
import { adminAccessToken, benchAdmin, benchStackEnv } from './src/bench-stack-env.js';
import { elapsedLog, median, runBenchmark, stopInOrder } from './src/bench-run.js';

const argument = (flag: string) => process.argv.find((value) => value.startsWith(`--${flag}=`))?.slice(flag.length + 3);
const rounds = Math.max(3, Math.min(50, Number(argument('rounds') ?? process.env.BENCH_CANDLE_ROUNDS ?? 9)));
const warmups = 3;
const writeReadme = !process.argv.includes('--no-readme');
const symbol = 'BENCHBTC';
const from = '2022-01-01T00:00:00.000Z';
const to = '2023-01-01T00:00:00.000Z';
const maxPoints = 1000;

let postgres: PostgresServer | undefined;
let stack: RunningStack | undefined;
let client: pg.Client | undefined;
let dataDir: string | undefined;

async function cleanup(): Promise<void> {
  await client?.end().catch(() => undefined);
  await stopInOrder([
    ['stack', stack?.stop],
    ['postgres', postgres?.stop],
  ]);
  client = stack = postgres = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

/** A candle as both paths return it: its bucket start and its OHLCV prices. */
type Candle = { ts: string } & Record<'open' | 'high' | 'low' | 'close' | 'volume', number>;

/** The bare query: the same `date_bin` aggregation the market subgraph runs, with the bucket it picks (526 minutes). */
const bareSql = `
  select date_bin(make_interval(secs => $4), ts, $2::timestamptz) as ts,
    (min(array[extract(epoch from ts)::float8, open]))[2] as open, max(high) as high, min(low) as low,
    (max(array[extract(epoch from ts)::float8, close]))[2] as close, sum(volume) as volume
  from market.candles
  where symbol = $1 and interval = '1m' and ts >= $2::timestamptz and ts < $3::timestamptz
  group by 1 order by 1`;

async function main(): Promise<void> {
  const log = elapsedLog(5);
  if (!postgresBinariesAvailable())
    throw new Error('the candles bench compares with a bare SQL query and needs the Postgres binaries (initdb, postgres) on PATH');

  postgres = await startPostgresServer();
  const databaseUrl = await createTestDatabase(postgres.url);
  dataDir = mkdtempSync(join(tmpdir(), 'cryptograph-bench-candles-'));
  const admin = benchAdmin();
  // The response cache off: each round measures the query through the engine down to SQL, not a cached answer.
  stack = await startStack(benchStackEnv({ dataDir, admin, databaseUrl }, { REPLAY_SPEED: '0', RESPONSE_CACHE: 'false' }));
  log(`stack up on real Postgres (shipped data seeded): ${stack.gatewayUrl}`);

  // A synthetic year: the seeded real BTC minute bars, repeated back to back over 2022.
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`insert into market.assets (symbol, name, quote) values ($1, 'Bitcoin (bench year)', 'USD')`, [symbol]);
  const inserted = await client.query(
    `with source as (select ts, open, high, low, close, volume from market.candles where symbol = 'BTC' and interval = '1m'),
          span as (select min(ts) as first, max(ts) - min(ts) + interval '1 minute' as length from source)
     insert into market.candles (symbol, interval, ts, open, high, low, close, volume)
     select $1, '1m', shifted, open, high, low, close, volume
     from source, span, generate_series(0, ceil(extract(epoch from interval '365 days') / extract(epoch from span.length))::int) as k,
          lateral (select $2::timestamptz + (source.ts - span.first) + k * span.length as shifted) as s
     where shifted < $3::timestamptz`,
    [symbol, from, to],
  );
  await client.query('analyze market.candles');
  log(`synthetic year: ${inserted.rowCount} minute bars of ${symbol} in ${from.slice(0, 4)}`);

  const token = await adminAccessToken(stack.gatewayUrl, admin);
  const query = `query Year($symbol: String!, $from: DateTime!, $to: DateTime!, $maxPoints: Int!) {
    candles(symbol: $symbol, interval: M1, from: $from, to: $to, maxPoints: $maxPoints) { ts open high low close volume } }`;

  const viaGateway = async (): Promise<Candle[]> => {
    const response = await fetch(`${stack!.gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { symbol, from, to, maxPoints } }),
    });
    const body = (await response.json()) as { data?: { candles: Candle[] }; errors?: unknown[] };
    if (response.status !== 200 || body.errors || !body.data) throw new Error(`gateway answered ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
    return body.data.candles;
  };
  const bucketSeconds = Math.ceil((Date.parse(to) - Date.parse(from)) / 60_000 / maxPoints) * 60;
  const viaSql = async () => (await client!.query(bareSql, [symbol, from, to, bucketSeconds])).rows as { ts: Date; close: number }[];

  // Same answer both ways before timing anything.
  const [gatewayCandles, sqlRows] = [await viaGateway(), await viaSql()];
  if (gatewayCandles.length !== sqlRows.length || gatewayCandles.length > maxPoints)
    throw new Error(`gateway returned ${gatewayCandles.length} candles, SQL ${sqlRows.length} (max ${maxPoints})`);
  const mismatch = gatewayCandles.findIndex(
    (candle, index) => candle.ts !== sqlRows[index]!.ts.toISOString() || candle.close !== Number(sqlRows[index]!.close),
  );
  if (mismatch >= 0) throw new Error(`gateway and SQL differ at candle ${mismatch}`);
  log(`both return the same ${gatewayCandles.length} candles (${bucketSeconds / 60}-minute buckets)`);

  const timings = { gateway: [] as number[], sql: [] as number[] };
  for (let round = 0; round < warmups + rounds; round += 1) {
    for (const [name, run] of [
      ['gateway', viaGateway],
      ['sql', viaSql],
    ] as const) {
      const start = performance.now();
      await run();
      if (round >= warmups) timings[name].push(performance.now() - start);
    }
  }
  const gatewayMs = median(timings.gateway);
  const sqlMs = median(timings.sql);
  const ratio = gatewayMs / sqlMs;
  const table = [
    '| path | median (ms) | min (ms) | max (ms) |',
    '|---|---:|---:|---:|',
    `| gateway → market subgraph → SQL, JSON to the client | ${gatewayMs.toFixed(1)} | ${Math.min(...timings.gateway).toFixed(1)} | ${Math.max(...timings.gateway).toFixed(1)} |`,
    `| bare SQL (node-postgres, same query) | ${sqlMs.toFixed(1)} | ${Math.min(...timings.sql).toFixed(1)} | ${Math.max(...timings.sql).toFixed(1)} |`,
    '',
    `Ratio gateway / bare SQL: **${ratio.toFixed(2)}×** (target ≤ 2×), ${rounds} interleaved rounds after ${warmups} warm-ups, ${inserted.rowCount} minute bars → ${gatewayCandles.length} candles, measured ${new Date().toISOString().slice(0, 10)}.`,
  ].join('\n');
  console.log(`\n${table}\n`);
  if (writeReadme) {
    updateReadmeSection(new URL('./README.md', import.meta.url), 'candles', `${readmeIntro}\n${table}`);
    log('wrote the figures into bench/README.md');
  }
}

const readmeIntro = `## Candles: \`candles.bench.ts\`

\`\`\`sh
cd bench && npx tsx candles.bench.ts              # about 30 s; 3 warm-ups, 9 measured rounds
cd bench && npx tsx candles.bench.ts --rounds=15 --no-readme
\`\`\`

A year of minute candles downsampled to 1,000 points through the gateway
(\`candles(symbol, interval: M1, from: 2022-01-01, to: 2023-01-01, maxPoints: 1000)\`, with a signed-in
user) against the bare SQL aggregation the market subgraph runs for it (same \`date_bin\` query and
bucket width, node-postgres, same database), interleaved one after the other in each round; medians.
Needs the Postgres binaries on PATH (throwaway server from \`@cryptograph/testing\`); the stack is
started with \`startStack\`, the replay feed and the gateway's response cache off (with it on, every round
after the first is a cached answer: about 4 ms).

We ship about a month of real minute data, so the year is **synthetic but realistic**: the real BTC
minute bars seeded on first start (2023-11-27 to 2023-12-22) are time-shifted and repeated back to
back over 2022 into a bench-only asset \`BENCHBTC\`, with one SQL statement (about 525,000 bars; the
real data's missing minutes repeat too). Both paths are checked to return the same candles first.
`;

await runBenchmark(main, cleanup, 300);
