import type { Logger } from '@cryptograph/core';
import { recentRealDailyBars, recentRealMinuteBars } from '../candles/candle.repository.js';
import type { Bar } from '../candles/candle.table.js';
import type { MarketDb } from '../db/market-database.js';
import { openCandleFile, readCandleCsv } from '../import/candle-csv.js';
import { shippedFile } from '../seed/shipped-data.js';
import { barShapes, dailyVolatility } from './bar-shapes.js';
import { SimulatedMarket } from './simulated-market.js';

/** The asset whose real minutes an asset without shipped minute data borrows. */
export const proxySymbol = 'BTC';

const shippedMinutes = new Map<string, Promise<Bar[]>>();
/** Real minute bars a simulated market bootstraps from: the newest two weeks of them. */
const sourceMinutes = 20_160;
/** Fewer stored real minutes than this (a day) and the shipped file is used instead. */
const minimumStoredMinutes = 1440;

/** The real minute bars of a symbol: the newest month stored (seeded, imported or backfilled), else its shipped file (read once per process), else none. */
async function realMinutes(db: MarketDb, symbol: string): Promise<Bar[]> {
  const stored = await recentRealMinuteBars(db, symbol, sourceMinutes);
  return stored.length >= minimumStoredMinutes ? stored : readShippedMinutes(symbol);
}

/** The shipped real minute bars of a symbol (read once per process), or none. */
function readShippedMinutes(symbol: string): Promise<Bar[]> {
  let bars = shippedMinutes.get(symbol);
  if (!bars) {
    const file = shippedFile(symbol, '1m');
    bars = file ? readCandleCsv(openCandleFile(file), '1m').then((parsed) => parsed.bars) : Promise.resolve([]);
    shippedMinutes.set(symbol, bars);
  }
  return bars;
}

const meanVolume = (bars: readonly Bar[]) => bars.reduce((sum, bar) => sum + bar.volume, 0) / Math.max(1, bars.length);

/**
 * The simulated market of each symbol, built from real data: an asset with real minute data (the
 * newest month stored, else its shipped file) bootstraps its own minutes; any other borrows BTC's, their moves scaled by the ratio of
 * the two assets' daily volatility over the last year of real daily bars and their volumes by the
 * ratio of the assets' recent daily turnover, expressed in the asset's units. Symbols for which
 * nothing can be built are left out (and logged).
 */
export async function loadSimulatedMarkets(db: MarketDb, symbols: readonly string[], logger: Logger): Promise<Map<string, SimulatedMarket>> {
  const markets = new Map<string, SimulatedMarket>();
  const proxyMinutes = await realMinutes(db, proxySymbol);
  const proxyDays = await recentRealDailyBars(db, proxySymbol, 365);
  for (const symbol of symbols) {
    const own = await realMinutes(db, symbol);
    if (own.length > 0) {
      markets.set(symbol, new SimulatedMarket(symbol, barShapes(own)));
      continue;
    }
    if (proxyMinutes.length === 0) {
      logger.warn({ symbol }, 'simulation: no real minute data to build a simulated market from');
      continue;
    }
    const days = await recentRealDailyBars(db, symbol, 365);
    const [assetVolatility, proxyVolatility] = [dailyVolatility(days), dailyVolatility(proxyDays)];
    const volatilityScale = assetVolatility && proxyVolatility ? assetVolatility / proxyVolatility : 1;
    const [assetDay, proxyDay] = [days.at(-1), proxyDays.at(-1)];
    // Volumes: the proxy's minute volume in the proxy's units, turned into this asset's units at the
    // ratio of recent daily turnover (USD) and prices; without daily data, equal turnover.
    const turnoverRatio = days.length >= 30 && proxyDays.length >= 30 ? meanVolume(days.slice(-30)) / meanVolume(proxyDays.slice(-30)) : 1;
    const volumeScale = assetDay && proxyDay ? (turnoverRatio * proxyDay.close) / assetDay.close : 1;
    markets.set(symbol, new SimulatedMarket(symbol, barShapes(proxyMinutes, volatilityScale), volumeScale));
    logger.info({ symbol, proxy: proxySymbol, volatilityScale: Number(volatilityScale.toFixed(3)) }, 'simulation: borrowing real minute moves');
  }
  return markets;
}
