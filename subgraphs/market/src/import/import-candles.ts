import { candlesChangedChannel, type CandlesChangedMessage, type EventBus } from '@cryptograph/core';
import { findAsset, upsertActiveAsset } from '../assets/asset.repository.js';
import { announceAssetChange } from '../assets/asset.service.js';
import { nativeSeconds, type NativeInterval } from '../candles/candle-interval.js';
import { deleteSimulatedBars, upsertCandles, type UpsertCounts } from '../candles/candle.repository.js';
import type { Bar } from '../candles/candle.table.js';
import type { MarketDb, MarketSchema } from '../db/market-database.js';
import { openCandleFile, readCandleCsv, type BadRow } from './candle-csv.js';

/** Rows per INSERT statement. */
export const importBatchSize = 5000;

/** Reports how far a write has come. */
export type ProgressListener = (done: number, total: number) => void;

/** What `importCandles` should import. */
export interface ImportCandlesOptions {
  /** Upper-case ticker of a known asset. */
  readonly symbol: string;
  /** Native interval of the file's bars. */
  readonly interval: NativeInterval;
  /** Path of the CSV file (`.csv` or `.csv.gz`). */
  readonly file: string;
  /** Import the valid rows of a file that has bad ones, instead of importing nothing. */
  readonly skipBadRows?: boolean;
  /** Called after each batch. */
  readonly onProgress?: ProgressListener;
  /** Track the asset first when it is not tracked yet (quoted in USD), under this name. */
  readonly create?: { readonly name: string };
  /** Announces the created asset and the changed range (so the feed and predictions follow). */
  readonly bus?: EventBus;
}

/** What an import did. */
export interface ImportReport extends UpsertCounts {
  readonly symbol: string;
  readonly interval: NativeInterval;
  /** Data rows in the file. */
  readonly rows: number;
  /** Bad rows that were skipped (only with `skipBadRows`). */
  readonly skipped: readonly BadRow[];
  /** True when the import created (or reactivated) the asset. */
  readonly created: boolean;
  /** Simulated bars in the imported range that the real data replaced. */
  readonly replacedSimulated: number;
}

/** Why an import changed nothing: an unknown asset, an unreadable file, or bad rows without `skipBadRows`. */
export class CandleImportError extends Error {
  override name = 'CandleImportError';
  constructor(
    message: string,
    /** The bad rows, when that is the reason. */
    readonly badRows: readonly BadRow[] = [],
  ) {
    super(message);
  }
}

/** Upserts bars in batches of `importBatchSize` (inside the caller's transaction). */
export async function writeCandleBatches(
  db: MarketDb,
  symbol: string,
  interval: NativeInterval,
  bars: readonly Bar[],
  onProgress?: ProgressListener,
): Promise<UpsertCounts> {
  const total: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < bars.length; start += importBatchSize) {
    const counts = await upsertCandles(db, symbol, interval, bars.slice(start, start + importBatchSize), 'replace');
    total.inserted += counts.inserted;
    total.updated += counts.updated;
    total.unchanged += counts.unchanged;
    onProgress?.(Math.min(start + importBatchSize, bars.length), bars.length);
  }
  return total;
}

/**
 * Imports a candle CSV into an asset's native candles. Every row is validated first; a file with
 * bad rows imports nothing (CandleImportError listing each bad row with its line number) unless
 * `skipBadRows`. An asset that is not tracked is refused unless `create` names it. Real data wins:
 * the asset's simulated bars in the file's range (from its first bar to the end of its last) are
 * deleted, then rows are upserted by (symbol, interval, ts) in batches, all inside one transaction,
 * so re-importing a file changes nothing and a failure leaves nothing half-written. The changed
 * range is announced on `candlesChangedChannel` (anything derived from it is stale).
 */
export async function importCandles(db: MarketSchema, options: ImportCandlesOptions): Promise<ImportReport> {
  const existing = await findAsset(db, options.symbol);
  if (!existing && !options.create) {
    throw new CandleImportError(
      `Unknown asset "${options.symbol}": it is not tracked yet. Pass --create --name "<name>" to add it with this import, or add it first (addAsset).`,
    );
  }
  let parsed;
  try {
    parsed = await readCandleCsv(openCandleFile(options.file), options.interval);
  } catch (error) {
    throw new CandleImportError(`Cannot read ${options.file}: ${(error as Error).message}`);
  }
  if (parsed.badRows.length > 0 && !options.skipBadRows) {
    const lines = parsed.badRows.map((row) => `  line ${row.line}: ${row.reason}`).join('\n');
    throw new CandleImportError(
      `${options.file} has ${parsed.badRows.length} bad row(s); nothing was imported (pass --skip-bad-rows to import the others):\n${lines}`,
      parsed.badRows,
    );
  }
  const bars = parsed.bars;
  const create = options.create && (!existing || !existing.active) ? options.create : null;
  const range = bars.length > 0 ? { from: bars[0]!.ts, to: new Date(bars.at(-1)!.ts.getTime() + nativeSeconds[options.interval] * 1000) } : null;
  const { counts, replaced } = await db.transaction().execute(async (trx) => {
    if (create) await upsertActiveAsset(trx, { symbol: options.symbol, name: existing?.name ?? create.name, quote: existing?.quote ?? 'USD' });
    const deleted = range ? await deleteSimulatedBars(trx, options.symbol, range.from, range.to) : null;
    return { counts: await writeCandleBatches(trx, options.symbol, options.interval, bars, options.onProgress), replaced: deleted?.count ?? 0 };
  });
  if (options.bus) {
    if (create) await announceAssetChange(options.bus, options.symbol, 'added');
    if (range && (counts.inserted + counts.updated > 0 || replaced > 0)) {
      await options.bus.publish(candlesChangedChannel, {
        symbol: options.symbol,
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        reason: 'import',
      } satisfies CandlesChangedMessage);
    }
  }
  return {
    symbol: options.symbol,
    interval: options.interval,
    rows: parsed.rowCount,
    skipped: parsed.badRows,
    created: create !== null,
    replacedSimulated: replaced,
    ...counts,
  };
}
