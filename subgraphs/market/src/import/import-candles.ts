import type { Kysely } from 'kysely';
import { findAsset } from '../assets/asset.repository.js';
import type { NativeInterval } from '../candles/candle-interval.js';
import { upsertCandles, type UpsertCounts } from '../candles/candle.repository.js';
import type { Bar } from '../candles/candle.table.js';
import type { MarketDatabase, MarketDb } from '../db/market-database.js';
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
}

/** What an import did. */
export interface ImportReport extends UpsertCounts {
  readonly symbol: string;
  readonly interval: NativeInterval;
  /** Data rows in the file. */
  readonly rows: number;
  /** Bad rows that were skipped (only with `skipBadRows`). */
  readonly skipped: readonly BadRow[];
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
export async function writeCandleBatches(db: MarketDb, symbol: string, interval: NativeInterval, bars: readonly Bar[], onProgress?: ProgressListener): Promise<UpsertCounts> {
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
 * `skipBadRows`. Rows are upserted by (symbol, interval, ts) in batches inside one transaction, so
 * re-importing a file changes nothing and a failure leaves nothing half-written.
 */
export async function importCandles(db: Kysely<MarketDatabase>, options: ImportCandlesOptions): Promise<ImportReport> {
  if (!(await findAsset(db, options.symbol))) {
    throw new CandleImportError(`Unknown asset "${options.symbol}": add it first (addAsset) or check the symbol.`);
  }
  let parsed;
  try {
    parsed = await readCandleCsv(openCandleFile(options.file), options.interval);
  } catch (error) {
    throw new CandleImportError(`Cannot read ${options.file}: ${(error as Error).message}`);
  }
  if (parsed.badRows.length > 0 && !options.skipBadRows) {
    const lines = parsed.badRows.map((row) => `  line ${row.line}: ${row.reason}`).join('\n');
    throw new CandleImportError(`${options.file} has ${parsed.badRows.length} bad row(s); nothing was imported (pass --skip-bad-rows to import the others):\n${lines}`, parsed.badRows);
  }
  const counts = await db.transaction().execute((trx) => writeCandleBatches(trx, options.symbol, options.interval, parsed.bars, options.onProgress));
  return { symbol: options.symbol, interval: options.interval, rows: parsed.rowCount, skipped: parsed.badRows, ...counts };
}
