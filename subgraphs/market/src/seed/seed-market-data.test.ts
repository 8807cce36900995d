import { afterAll, describe, expect, it } from 'vitest';
import { countCandles } from '../candles/candle.repository.js';
import { signedIn, startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { readShippedBars } from '../test-support/shared-data.js';
import { replayStart } from './shipped-data.js';

const started: MarketTestService[] = [];

afterAll(async () => {
  for (const market of started.reverse()) await market.close();
});

describe('first-start seeding', () => {
  it('seeds the shipped data once; a later start neither re-seeds nor resurrects removed assets', async () => {
    const first = await startMarketTestService({ MARKET_SEED_DATA: 'true' });
    started.push(first);
    const db = first.service.db;
    const [btcDays, adaMinutes] = await Promise.all([readShippedBars('BTC', '1d'), readShippedBars('ADA', '1m')]);
    expect(await countCandles(db, 'BTC', '1d')).toBe(btcDays.length);
    expect(await countCandles(db, 'ADA', '1m')).toBe(adaMinutes.filter((bar) => bar.ts < replayStart).length);
    expect(await countCandles(db, 'XRP', '1m')).toBe(0);
    // The cache was warmed from the last stored candle.
    const latest = await first.request(`{ latestPrice(symbol: "ADA") { price ts } }`);
    const lastSeeded = adaMinutes.filter((bar) => bar.ts < replayStart).at(-1)!;
    expect(latest.data).toEqual({ latestPrice: { price: lastSeeded.close, ts: lastSeeded.ts.toISOString() } });

    expect((await first.request(`mutation { removeAsset(symbol: "XRP") }`, {}, signedIn('ADMIN'))).data).toEqual({ removeAsset: true });
    await first.service.db.deleteFrom('candles').where('symbol', '=', 'BNB').execute();

    const second = await startMarketTestService({ MARKET_SEED_DATA: 'true', DATABASE_URL: first.env.DATABASE_URL ?? '', DATA_DIR: first.env.DATA_DIR });
    started.push(second);
    expect((await second.request(`{ asset(symbol: "XRP") { active } }`)).data).toEqual({ asset: { active: false } });
    expect(await countCandles(second.service.db, 'BNB', '1d')).toBe(0);
  });
});
