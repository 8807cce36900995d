import { minuteMs, type Logger } from '@cryptograph/core';
import { deleteSimulatedBars, newestBars, upsertCandles } from '../candles/candle.repository.js';
import type { MarketSchema } from '../db/market-database.js';
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
  /** Aborts the backfill at once (the feed stops): nothing more is fetched or written. */
  readonly signal?: AbortSignal;
}

/**
 * Fills what is missing since the newest real bar of every asset from the exchange's REST candles
 * (daily bars for the older part, minute bars for the recent window), logging progress. When the
 * newest real bar is a minute bar it is fetched again and replaced: the live feed may have been
 * building it from trades when it stopped or lost its connection, so it can be partial. Real data
 * wins: the asset's simulated bars from the start of the fill on are deleted first (the simulation
 * ran while the exchange was unreachable; its future past the real clock is discarded too) and the
 * change is announced on `candlesChangedChannel` (from the refetched minute when it changed). A gap
 * fill publishes the minutes after the refetched one only, so ticks never go back in time.
 */
export async function backfillFromExchange(
  deps: { db: MarketSchema; rest: CoinbaseRest; ingestor: PriceIngestor; logger: Logger },
  options: BackfillOptions,
): Promise<BackfillResult[]> {
  const { logger } = deps;
  const newest = new Map((await newestBars(deps.db, { symbols: options.symbols, realOnly: true })).map((bar) => [bar.symbol, bar]));
  const results: BackfillResult[] = [];
  for (const [index, symbol] of options.symbols.entries()) {
    options.signal?.throwIfAborted();
    const last = newest.get(symbol);
    const refetch = last && last.end.getTime() - last.ts.getTime() === minuteMs ? last.ts : null;
    const plan = planBackfill(symbol, refetch ?? last?.end ?? null, options.now, options.minuteDays);
    const from = plan.days?.from ?? plan.minutes?.from;
    if (!from) {
      results.push({ symbol, days: 0, minutes: 0, replacedSimulated: 0 });
      continue;
    }
    const progress = (part: string) => (done: number, total: number) =>
      logger.info({ symbol, part, page: `${done}/${total}`, asset: `${index + 1}/${options.symbols.length}` }, 'backfill progress');
    const days = plan.days ? await deps.rest.candles(symbol, 86_400, plan.days.from, plan.days.to, progress('days'), options.signal) : [];
    const minutes = plan.minutes ? await deps.rest.candles(symbol, 60, plan.minutes.from, plan.minutes.to, progress('minutes'), options.signal) : [];
    options.signal?.throwIfAborted();
    const refetched = refetch ? minutes.filter((bar) => bar.ts.getTime() === refetch.getTime()) : [];
    const fresh = refetch ? minutes.filter((bar) => bar.ts.getTime() > refetch.getTime()) : minutes;
    const { replaced, refetchChanged } = await deps.db.transaction().execute(async (trx) => {
      const deleted = await deleteSimulatedBars(trx, symbol, from, null);
      await upsertCandles(trx, symbol, '1d', days, 'replace');
      const head = await upsertCandles(trx, symbol, '1m', refetched, 'replace');
      await upsertCandles(trx, symbol, '1m', fresh, 'replace');
      return { replaced: deleted, refetchChanged: head.inserted + head.updated > 0 };
    });
    if (options.kind === 'gap')
      await deps.ingestor.publishStoredBars(
        fresh.map((bar) => ({ symbol, bar })),
        'LIVE',
      );
    const changedFrom = refetch && !refetchChanged ? new Date(refetch.getTime() + minuteMs) : from;
    const to = Math.max(plan.minutes?.to.getTime() ?? plan.days!.to.getTime(), replaced?.to.getTime() ?? 0);
    if (days.length + fresh.length > 0 || refetchChanged || replaced) {
      await deps.ingestor.candlesChanged({ symbol, from: changedFrom.toISOString(), to: new Date(to).toISOString(), reason: 'backfill' });
    }
    const newestFetched = fresh.at(-1) ?? days.at(-1);
    if (options.kind === 'startup' && newestFetched) await deps.ingestor.publishStoredBars([{ symbol, bar: newestFetched }], 'LIVE');
    results.push({ symbol, days: days.length, minutes: minutes.length, replacedSimulated: replaced?.count ?? 0 });
    logger.info(
      { symbol, days: days.length, minutes: minutes.length, replacedSimulated: replaced?.count ?? 0, from: from.toISOString() },
      'backfilled from the exchange',
    );
  }
  return results;
}
