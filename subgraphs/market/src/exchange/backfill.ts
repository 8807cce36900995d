import type { Logger } from '@cryptograph/core';
import type { Kysely } from 'kysely';
import { deleteSimulatedBars, newestBars, upsertCandles } from '../candles/candle.repository.js';
import type { MarketDatabase } from '../db/market-database.js';
import type { PriceIngestor } from '../ingest/price-ingestor.js';
import { planBackfill } from './backfill-plan.js';
import type { CoinbaseRest } from './coinbase-rest.js';

/** What a backfill did for one asset. */
export interface BackfillResult {
  readonly symbol: string;
  readonly days: number;
  readonly minutes: number;
  /** Simulated bars the real data replaced. */
  readonly replacedSimulated: number;
}

/** What to backfill and how. */
export interface BackfillOptions {
  readonly symbols: readonly string[];
  readonly minuteDays: number;
  readonly now: Date;
  /**
   * `startup`: a bulk fill, announced once per asset as changed candles (plus its last close as a tick);
   * `gap`: the minutes missed during a disconnect, each published as a tick and a closed bar, in order.
   */
  readonly kind: 'startup' | 'gap';
}

/**
 * Fills what is missing since the newest real bar of every asset from the exchange's REST candles
 * (daily bars for the older part, minute bars for the recent window), logging progress. Real data
 * wins: the asset's simulated bars from the start of the fill on are deleted first (the simulation
 * ran while the exchange was unreachable; its future past the real clock is discarded too) and the
 * change is announced on `candlesChangedChannel`.
 */
export async function backfillFromExchange(deps: { db: Kysely<MarketDatabase>; rest: CoinbaseRest; ingestor: PriceIngestor; logger: Logger }, options: BackfillOptions): Promise<BackfillResult[]> {
  const { logger } = deps;
  const realEnds = new Map((await newestBars(deps.db, { symbols: options.symbols, realOnly: true })).map((bar) => [bar.symbol, bar.end]));
  const results: BackfillResult[] = [];
  for (const [index, symbol] of options.symbols.entries()) {
    const plan = planBackfill(symbol, realEnds.get(symbol) ?? null, options.now, options.minuteDays);
    const from = plan.days?.from ?? plan.minutes?.from;
    if (!from) {
      results.push({ symbol, days: 0, minutes: 0, replacedSimulated: 0 });
      continue;
    }
    const progress = (part: string) => (done: number, total: number) =>
      logger.info({ symbol, part, page: `${done}/${total}`, asset: `${index + 1}/${options.symbols.length}` }, 'backfill progress');
    const days = plan.days ? await deps.rest.candles(symbol, 86_400, plan.days.from, plan.days.to, progress('days')) : [];
    const minutes = plan.minutes ? await deps.rest.candles(symbol, 60, plan.minutes.from, plan.minutes.to, progress('minutes')) : [];
    const replaced = await deps.db.transaction().execute(async (trx) => {
      const deleted = await deleteSimulatedBars(trx, symbol, from, null);
      await upsertCandles(trx, symbol, '1d', days, 'replace');
      if (options.kind === 'startup') await upsertCandles(trx, symbol, '1m', minutes, 'replace');
      return deleted;
    });
    if (options.kind === 'gap') await deps.ingestor.ingestMinuteBars(minutes.map((bar) => ({ symbol, bar })), 'LIVE');
    const to = Math.max(plan.minutes?.to.getTime() ?? plan.days!.to.getTime(), replaced?.to.getTime() ?? 0);
    if (days.length + minutes.length > 0 || replaced) {
      await deps.ingestor.candlesChanged({ symbol, from: from.toISOString(), to: new Date(to).toISOString(), reason: 'backfill' });
    }
    const last = minutes.at(-1) ?? days.at(-1);
    if (options.kind === 'startup' && last) await deps.ingestor.publishStoredBars([{ symbol, bar: last }], 'LIVE');
    results.push({ symbol, days: days.length, minutes: minutes.length, replacedSimulated: replaced?.count ?? 0 });
    logger.info({ symbol, days: days.length, minutes: minutes.length, replacedSimulated: replaced?.count ?? 0, from: from.toISOString() }, 'backfilled from the exchange');
  }
  return results;
}
