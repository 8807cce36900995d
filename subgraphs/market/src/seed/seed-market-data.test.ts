import { afterAll, describe, expect, it } from 'vitest';
import { countCandles } from '../candles/candle.repository.js';
import { signedIn, startMarketTestService, type MarketTestService } from '../test-support/market-test-service.js';
import { readShippedBars } from '../test-support/shared-data.js';

const started: MarketTestService[] = [];

afterAll(async () => {
  for (const market of started.reverse()) await market.close();
});

describe('first-start seeding', () => {
  it('seeds all shipped history once, within a minute; a later start neither re-seeds nor resurrects removed assets', async () => {
    const startedAt = Date.now();
    const first = await startMarketTestService({ MARKET_SEED_DATA: 'true' });
    started.push(first);
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    const db = first.service.db;
    const [btcDays, adaMinutes, adaDays] = await Promise.all([readShippedBars('BTC', '1d'), readShippedBars('ADA', '1m'), readShippedBars('ADA', '1d')]);
    expect(await countCandles(db, 'BTC', '1d')).toBe(btcDays.length);
    expect(await countCandles(db, 'ADA', '1m')).toBe(adaMinutes.length);
    expect(await countCandles(db, 'XRP', '1m')).toBe(0);
    // The cache was warmed from the newest stored bar of the asset's timeline: the last daily close
    // (June 2024), not the last minute bar (December 2023).
    const latest = await first.request(`{ latestPrice(symbol: "ADA") { price ts source } }`);
    expect(latest.data).toEqual({ latestPrice: { price: adaDays.at(-1)!.close, ts: adaDays.at(-1)!.ts.toISOString(), source: 'REPLAY' } });

    expect((await first.request(`mutation { removeAsset(symbol: "XRP") }`, {}, signedIn('ADMIN'))).data).toEqual({ removeAsset: true });
    await first.service.db.deleteFrom('candles').where('symbol', '=', 'BNB').execute();

    const second = await startMarketTestService({ MARKET_SEED_DATA: 'true', DATABASE_URL: first.env.DATABASE_URL ?? '', DATA_DIR: first.env.DATA_DIR });
    started.push(second);
    expect((await second.request(`{ asset(symbol: "XRP") { active } }`)).data).toEqual({ asset: { active: false } });
    expect(await countCandles(second.service.db, 'BNB', '1d')).toBe(0);
  }, 120_000);

  it('completes an installation seeded by the previous version (which held the last week of minutes back) once', async () => {
    const first = await startMarketTestService({ MARKET_SEED_DATA: 'true' });
    started.push(first);
    const db = first.service.db;
    const held = new Date('2023-12-22T00:00:00Z');
    await db.deleteFrom('candles').where('interval', '=', '1m').where('ts', '>=', held).execute();
    await db.updateTable('installation').set({ seed_version: 1 }).execute();
    const second = await startMarketTestService({ MARKET_SEED_DATA: 'true', DATABASE_URL: first.env.DATABASE_URL ?? '', DATA_DIR: first.env.DATA_DIR });
    started.push(second);
    expect(await countCandles(db, 'BTC', '1m')).toBe((await readShippedBars('BTC', '1m')).length);
    expect((await db.selectFrom('installation').select('seed_version').executeTakeFirstOrThrow()).seed_version).toBe(2);
  }, 120_000);
});
