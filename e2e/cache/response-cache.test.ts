// Scenario: the response cache of public market data across two gateways on one Redis: answers are cached on both, and
// the market's events (a bar ingested, an asset removed or added) reach both, so the next query through either gateway
// sees the change; clients get Cache-Control where it is safe.
import { openInfrastructure, type Infrastructure } from '@cryptograph/core';
import { createPriceIngestor, loadMarketEnv, openPriceCache, prepareMarketDatabase } from '@cryptograph/market';
import { createLogger } from '@cryptograph/core';
import { testEnvironment, waitFor } from '@cryptograph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logInAdmin, signUp, type Account } from '../support/accounts.js';
import { startCustomGateway, type CustomGateway } from '../support/custom-gateway.js';
import { startDelayingProxy } from '../dedup/delaying-proxy.js';
import { startE2eStack, type TestStack } from '../support/stack.js';

const minute = 60_000;
const t0 = Date.parse('2024-07-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

let stack: TestStack;
let market: Infrastructure;
let ingestor: ReturnType<typeof createPriceIngestor>;
let gateways: CustomGateway[];
let viewer: Account;
let admin: Account;

/** Stores one real minute bar of BTC through the market's ingest path (the feed's), which announces it on the bus. */
async function ingestBar(ts: number, close: number): Promise<void> {
  await ingestor.ingestMinuteBars([{ symbol: 'BTC', bar: { ts: new Date(ts), open: close - 1, high: close + 1, low: close - 2, close, volume: 3 } }], 'LIVE');
}

async function query(gateway: CustomGateway, text: string, account: Account, variables?: Record<string, unknown>) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${account.accessToken}` },
    body: JSON.stringify({ query: text, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return { data: body.data, cacheControl: response.headers.get('cache-control') };
}

const candlesQuery = 'query Candles($from: DateTime!, $to: DateTime!) { candles(symbol: "BTC", interval: M1, from: $from, to: $to) { ts close } }';
const assetsQuery = '{ assets(first: 20) { edges { node { symbol active } } } }';
const hits = (gateway: CustomGateway) => gateway.server.responseCacheStats()!.hits;

// Two gateways share events through Redis; without redis-server (a laptop) there is no bus to share, and CI always has it.
describe.runIf(testEnvironment().redisUrl)('the response cache across two gateways on one Redis', () => {
  beforeAll(async () => {
    stack = await startE2eStack({ RATE_LIMIT_ENABLED: 'false' });
    const env = loadMarketEnv(stack.env);
    market = await openInfrastructure(env);
    ingestor = createPriceIngestor({
      db: await prepareMarketDatabase(env, { ...market, logger: createLogger('e2e-market', 'silent') }),
      cache: openPriceCache(env),
      bus: market.bus,
    });
    gateways = [await startCustomGateway(stack, {}), await startCustomGateway(stack, {})];
    viewer = await signUp(stack, 'cache_viewer');
    admin = await logInAdmin(stack);
    await ingestBar(t0, 100);
    await ingestBar(t0 + minute, 101);
  }, 120_000);

  afterAll(async () => {
    for (const gateway of gateways ?? []) await gateway.stop();
    await market?.close();
    await stack?.stop();
  });

  it('a bar ingested after answers were cached is in the next candles query through either gateway', async () => {
    const range = { from: iso(t0), to: iso(t0 + 10 * minute) };
    for (const gateway of gateways) {
      const before = hits(gateway);
      const first = await query(gateway, candlesQuery, viewer, range);
      const second = await query(gateway, candlesQuery, viewer, range);
      expect(second.data).toEqual(first.data);
      expect(first.data.candles.map((candle: { close: number }) => candle.close)).toEqual([100, 101]);
      // The range reaches past the last closed bar: public, but clients revalidate.
      expect(second.cacheControl).toBe('private, no-cache');
      expect(hits(gateway) - before).toBe(1);
    }
    await ingestBar(t0 + 2 * minute, 102);
    for (const gateway of gateways) {
      const next = await query(gateway, candlesQuery, viewer, range);
      expect(next.data.candles.map((candle: { close: number }) => candle.close)).toEqual([100, 101, 102]);
    }
  });

  it('keeps closed candles, tells clients to keep them, and still drops them when a stored bar is corrected', async () => {
    const closed = { from: iso(t0), to: iso(t0 + 2 * minute) };
    for (const gateway of gateways) {
      const before = hits(gateway);
      await query(gateway, candlesQuery, viewer, closed);
      const again = await query(gateway, candlesQuery, viewer, closed);
      expect(again.cacheControl).toBe('private, max-age=3600');
      expect(again.data.candles.map((candle: { close: number }) => candle.close)).toEqual([100, 101]);
      expect(hits(gateway) - before).toBe(1);
    }
    // Real data replacing a stored bar (the ingest path replaces it and announces it).
    await ingestBar(t0 + minute, 111);
    for (const gateway of gateways)
      expect((await query(gateway, candlesQuery, viewer, closed)).data.candles.map((candle: { close: number }) => candle.close)).toEqual([100, 111]);
  });

  it('never stores an answer read before a bar was ingested, even when the market answers slowly and a later query asks again meanwhile', async () => {
    // The market reads at once but its answers reach this gateway 3 s later (a slow network, a busy subgraph).
    const slowAnswers = await startDelayingProxy(stack.subgraphUrls.market!, 3_000, { afterAnswer: true });
    const gateway = await startCustomGateway(stack, { market: slowAnswers.url });
    try {
      const start = t0 + 100 * minute;
      const range = { from: iso(start), to: iso(start + 10 * minute) };
      await ingestBar(start, 200);
      const closes = (answer: { data: { candles: { close: number }[] } }) => answer.data.candles.map((candle) => candle.close);
      // Once before, so the query is planned and the gateway's caches are warm: the early query reaches the market at once.
      await query(gateway, candlesQuery, viewer, { from: iso(start - 10 * minute), to: iso(start) });
      const seen = slowAnswers.queries.length;
      const early = query(gateway, candlesQuery, viewer, range);
      // Once the market has the early query, it reads at once (its answer is what is held).
      await waitFor(() => slowAnswers.queries.length > seen, 'the early query to reach the market');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await ingestBar(start + minute, 201);
      // The gateway hears the bar (its answer in the making is stale now); the same query again, then once more from the cache.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const afterBar = await query(gateway, candlesQuery, viewer, range);
      const cached = await query(gateway, candlesQuery, viewer, range);
      expect(closes(await early)).toEqual([200]);
      expect(closes(afterBar)).toEqual([200, 201]);
      expect(closes(cached)).toEqual([200, 201]);
    } finally {
      await gateway.stop();
      await slowAnswers.close();
    }
  });

  it('an asset removed, then added again, is seen at once through either gateway', async () => {
    const tracked = async (gateway: CustomGateway) =>
      (await query(gateway, assetsQuery, viewer)).data.assets.edges.map((edge: { node: { symbol: string } }) => edge.node.symbol);
    for (const gateway of gateways) {
      expect(await tracked(gateway)).toContain('SOL');
      expect(await tracked(gateway)).toContain('SOL');
    }
    const removed = await query(gateways[0]!, 'mutation { removeAsset(symbol: "SOL") }', admin);
    expect(removed.data.removeAsset).toBe(true);
    for (const gateway of gateways) expect(await tracked(gateway)).not.toContain('SOL');
    await query(gateways[1]!, 'mutation { addAsset(symbol: "SOL") { symbol } }', admin);
    for (const gateway of gateways) expect(await tracked(gateway)).toContain('SOL');
  });

  it('never caches what is not public market data, and tells clients not to store it', async () => {
    const gateway = gateways[0]!;
    const before = gateway.server.responseCacheStats()!;
    const me = await query(gateway, '{ me { id } }', viewer);
    const meAgain = await query(gateway, '{ me { id } }', viewer);
    expect(meAgain.data).toEqual(me.data);
    expect(meAgain.cacheControl).toBe('no-store');
    const after = gateway.server.responseCacheStats()!;
    expect([after.hits - before.hits, after.misses - before.misses]).toEqual([0, 0]);
  });
});
