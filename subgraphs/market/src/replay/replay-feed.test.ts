import { createLogger } from '@cryptograph/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCandles, latestCandleTs } from '../candles/candle.repository.js';
import type { Bar } from '../candles/candle.table.js';
import { writeCandleBatches } from '../import/import-candles.js';
import { priceTickChannel, type PriceTickEvent } from '../prices/price-tick-channel.js';
import { startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { readShippedBars } from '../test-support/shared-data.js';
import { createPriceIngestor } from '../ingest/price-ingestor.js';
import { startReplay } from './replay-feed.js';
import { parseReplaySpeed } from './replay-speed.js';

const replayed = 30;
let market: MarketTestService;
let minutes: Bar[];

beforeAll(async () => {
  market = await startMarketTestService();
  minutes = await readShippedBars('SOL', '1m');
  // Everything but the last 30 minutes is "history"; replay plays the rest.
  await writeCandleBatches(market.service.db, 'SOL', '1m', minutes.slice(0, -replayed));
});

afterAll(async () => {
  await market?.close();
});

describe('replay feed', () => {
  it('plays the minutes after the stored ones: upserts them, publishes ticks and updates latestPrice', async () => {
    const events: PriceTickEvent[] = [];
    const unsubscribe = await market.bus.subscribe(priceTickChannel, (message) => {
      const event = message as PriceTickEvent;
      if (event.symbol === 'SOL' && Date.parse(event.ts) >= minutes.at(-replayed)!.ts.getTime()) events.push(event);
    });
    try {
      const ingestor = createPriceIngestor({ db: market.service.db, cache: market.service.prices, bus: market.bus });
      const replay = startReplay({ db: market.service.db, ingestor, logger: createLogger('replay-test', 'silent') }, { speed: 'max', symbols: ['SOL', 'XRP'] });
      expect(await replay.finished).toEqual({ minutes: replayed, ended: true });
      await expect.poll(() => events.length).toBe(replayed);
      expect(events.map((event) => event.ts)).toEqual(minutes.slice(-replayed).map((bar) => bar.ts.toISOString()));
      expect(events.at(-1)!.price).toBe(minutes.at(-1)!.close);
    } finally {
      await unsubscribe();
    }
    expect(await countCandles(market.service.db, 'SOL', '1m')).toBe(minutes.length);
    expect(await latestCandleTs(market.service.db, 'SOL', '1m')).toEqual(minutes.at(-1)!.ts);
    const latest = await market.request(`{ latestPrice(symbol: "sol") { symbol price ts asset { name } } asset(symbol: "SOL") { latestPrice { price } } }`);
    expect(latest.errors).toBeUndefined();
    expect(latest.data).toEqual({
      latestPrice: { symbol: 'SOL', price: minutes.at(-1)!.close, ts: minutes.at(-1)!.ts.toISOString(), asset: { name: 'Solana' } },
      asset: { latestPrice: { price: minutes.at(-1)!.close } },
    });
  });

  it('resumes where replay time stopped: a second replay has nothing left to play', async () => {
    const ingestor = createPriceIngestor({ db: market.service.db, cache: market.service.prices, bus: market.bus });
    const replay = startReplay({ db: market.service.db, ingestor, logger: createLogger('replay-test', 'silent') }, { speed: 'max', symbols: ['SOL'] });
    expect(await replay.finished).toEqual({ minutes: 0, ended: true });
  });

  it('paces ticks in replay time and stops on request', async () => {
    await market.service.db.deleteFrom('candles').where('symbol', '=', 'SOL').where('ts', '>=', minutes.at(-3)!.ts).execute();
    const ingestor = createPriceIngestor({ db: market.service.db, cache: market.service.prices, bus: market.bus });
    // 600 data-seconds per second: one minute bar every 100 ms.
    const started = Date.now();
    const replay = startReplay({ db: market.service.db, ingestor, logger: createLogger('replay-test', 'silent') }, { speed: 600, symbols: ['SOL'] });
    await expect.poll(() => latestCandleTs(market.service.db, 'SOL', '1m'), { timeout: 5000 }).toEqual(minutes.at(-2)!.ts);
    await replay.stop();
    const result = await replay.finished;
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(result.minutes).toBeGreaterThanOrEqual(2);
  });
});

describe('parseReplaySpeed', () => {
  it('accepts numbers, max and 0, and rejects anything else', () => {
    expect(parseReplaySpeed('60')).toBe(60);
    expect(parseReplaySpeed('MAX')).toBe('max');
    expect(parseReplaySpeed('0')).toBe(0);
    expect(parseReplaySpeed('1.5')).toBe(1.5);
    expect(() => parseReplaySpeed('fast')).toThrow(/Invalid replay speed/);
    expect(() => parseReplaySpeed('-1')).toThrow(/Invalid replay speed/);
  });
});
