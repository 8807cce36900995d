import { createLogger, priceTickChannel, type PriceTickMessage } from '@cryptograph/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPriceIngestor, type Trade } from '../ingest/price-ingestor.js';
import { FakeExchange, tickerMessage } from '../test-support/fake-exchange.js';
import { startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { startCoinbaseFeed, type CoinbaseFeed } from './coinbase-feed.js';

const ticker = tickerMessage;

let market: MarketTestService;
let exchange: FakeExchange;
let feed: CoinbaseFeed | undefined;
const trades: Trade[] = [];

beforeAll(async () => {
  market = await startMarketTestService();
});

afterEach(async () => {
  await feed?.stop();
  feed = undefined;
  await exchange?.close();
  trades.length = 0;
});

afterAll(async () => {
  await market?.close();
});

async function start(onTrade: (trade: Trade) => Promise<void>, options: { idleTimeoutMs?: number } = {}): Promise<CoinbaseFeed> {
  exchange = await FakeExchange.start();
  feed = startCoinbaseFeed({
    url: exchange.wsUrl,
    symbols: ['BTC', 'ETH'],
    onTrade,
    logger: createLogger('exchange-test', 'silent'),
    backoff: { initialMs: 20, maxMs: 200 },
    ...options,
  });
  return feed;
}

describe('Coinbase exchange feed', () => {
  it('subscribes to ticker and heartbeat channels and feeds tickers into candles, cache and bus', async () => {
    const ingestor = createPriceIngestor({ db: market.service.db, cache: market.service.prices, bus: market.bus });
    const events: PriceTickMessage[] = [];
    const unsubscribe = await market.bus.subscribe(priceTickChannel, (message) => {
      if ((message as PriceTickMessage).ts.startsWith('2031-')) events.push(message as PriceTickMessage);
    });
    try {
      const running = await start(ingestor.ingestTrade);
      await expect.poll(() => exchange.subscribes.length).toBe(1);
      expect(exchange.subscribes[0]).toEqual({ type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channels: ['ticker', 'heartbeat'] });
      exchange.send({ type: 'heartbeat', sequence: 1, last_trade_id: 1, product_id: 'BTC-USD', time: '2031-01-01T00:00:00.000000Z' });
      exchange.send(ticker('BTC-USD', '50000.00', '2031-01-01T00:00:05.123456Z', '0.5'));
      exchange.send(ticker('BTC-USD', '50100.50', '2031-01-01T00:00:30.000000Z', '0.25'));
      exchange.send(ticker('BTC-USD', '49900.00', '2031-01-01T00:00:59.000000Z', '1'));
      exchange.send(ticker('BTC-USD', '50050.00', '2031-01-01T00:01:01.000000Z', '2'));
      await expect.poll(() => events.length).toBe(4);
      expect(running.stats).toMatchObject({ connects: 1, tickers: 4, heartbeats: 1, ignored: 0 });
      const rows = await market.service.db
        .selectFrom('candles')
        .selectAll()
        .where('symbol', '=', 'BTC')
        .where('ts', '>=', new Date('2031-01-01T00:00:00Z'))
        .orderBy('ts')
        .execute();
      expect(rows.map((row) => [new Date(row.ts).toISOString(), row.open, row.high, row.low, row.close, row.volume])).toEqual([
        ['2031-01-01T00:00:00.000Z', 50000, 50100.5, 49900, 49900, 1.75],
        ['2031-01-01T00:01:00.000Z', 50050, 50050, 50050, 50050, 2],
      ]);
      const latest = await market.request(`{ latestPrice(symbol: "BTC") { price ts } }`);
      expect(latest.data).toEqual({ latestPrice: { price: 50050, ts: '2031-01-01T00:01:01.000Z' } });
      expect(events.every((event) => event.source === 'LIVE')).toBe(true);
    } finally {
      await unsubscribe();
    }
  });

  it('ignores garbage frames, malformed JSON and invalid tickers, and logs exchange errors, staying up', async () => {
    const running = await start(async (trade) => void trades.push(trade));
    await expect.poll(() => exchange.subscribes.length).toBe(1);
    exchange.send('this is not json');
    exchange.send('{"type": "ticker", "product_id": ');
    exchange.send('[1, 2, 3]');
    exchange.send(ticker('BTC-USD', 'NaN', '2031-01-01T00:00:05Z'));
    exchange.send(ticker('BTC-EUR', '100', '2031-01-01T00:00:05Z'));
    exchange.send({ type: 'error', message: 'Failed to subscribe', reason: 'FOO-USD is not a valid product' });
    exchange.send({ type: 'l2update' });
    exchange.send(ticker('ETH-USD', '2500.5', '2031-01-01T00:00:06Z'));
    await expect.poll(() => trades.length).toBe(1);
    expect(trades[0]).toEqual({ symbol: 'ETH', price: 2500.5, size: 0.01, ts: new Date('2031-01-01T00:00:06Z') });
    expect(running.stats).toMatchObject({ connects: 1, tickers: 1, ignored: 5, errors: 1 });
  });

  it('reconnects with backoff after a disconnect and subscribes again', async () => {
    const running = await start(async (trade) => void trades.push(trade));
    await expect.poll(() => exchange.subscribes.length).toBe(1);
    exchange.dropAll();
    await expect.poll(() => exchange.subscribes.length, { timeout: 5000 }).toBe(2);
    exchange.dropAll();
    await expect.poll(() => exchange.subscribes.length, { timeout: 5000 }).toBe(3);
    exchange.send(ticker('BTC-USD', '51000', '2031-01-02T00:00:00Z'));
    await expect.poll(() => trades.length).toBe(1);
    expect(running.stats.connects).toBe(3);
  });

  it('reconnects when the feed goes silent', async () => {
    const running = await start(async (trade) => void trades.push(trade), { idleTimeoutMs: 150 });
    await expect.poll(() => running.stats.connects, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
  });
});
