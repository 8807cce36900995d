import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { nativeSeconds, type NativeInterval } from '../candles/candle-interval.js';
import type { Bar } from '../candles/candle.table.js';

/** The header every candle CSV starts with (shared/data/market format). */
export const candleCsvColumns = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/** A row that failed validation: its 1-based line number in the file and why. */
export interface BadRow {
  readonly line: number;
  readonly reason: string;
}

/** A parsed candle file: the valid bars in file order and every bad row. */
export interface ParsedCandleCsv {
  readonly bars: Bar[];
  readonly badRows: BadRow[];
  /** Data rows read (header excluded). */
  readonly rowCount: number;
}

const decimal = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** An ISO-8601 date and time with an explicit offset, with or without seconds; zod checks the calendar (no Feb 30). */
const isoDateTime = z.union([z.iso.datetime({ offset: true }), z.iso.datetime({ offset: true, precision: -1 })]);

/** Parses an ISO-8601 UTC timestamp strictly (no rolled-over dates like Feb 30, no offset but `Z` or `+00:00`); null when invalid. */
export function parseUtcTimestamp(text: string): Date | null {
  if (!isoDateTime.safeParse(text).success || !/(?:Z|\+00:00)$/.test(text)) return null;
  return new Date(text);
}

/** Validates one data row; returns the bar or the reason it is bad. */
function validateRow(record: string[], interval: NativeInterval, previous: Date | null): Bar | string {
  if (record.length !== candleCsvColumns.length) return `expected ${candleCsvColumns.length} columns (${candleCsvColumns.join(',')}), found ${record.length}`;
  const [tsText, ...numberTexts] = record as [string, ...string[]];
  const ts = parseUtcTimestamp(tsText);
  if (!ts) return `"${tsText}" is not an ISO-8601 UTC timestamp`;
  if (ts.getTime() % (nativeSeconds[interval] * 1000) !== 0) return `ts ${tsText} is not the start of a ${interval} bar`;
  const values: number[] = [];
  for (const [index, text] of numberTexts.entries()) {
    const column = candleCsvColumns[index + 1]!;
    const value = decimal.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value)) return `${column} "${text}" is not a number`;
    values.push(value);
  }
  const [open, high, low, close, volume] = values as [number, number, number, number, number];
  if (open <= 0 || high <= 0 || low <= 0 || close <= 0) return 'prices must be positive';
  if (high < Math.max(open, close)) return `high ${high} is below max(open, close) ${Math.max(open, close)}`;
  if (low > Math.min(open, close)) return `low ${low} is above min(open, close) ${Math.min(open, close)}`;
  if (volume < 0) return `volume ${volume} is negative`;
  if (previous && ts.getTime() === previous.getTime()) return `duplicate ts ${tsText}`;
  if (previous && ts < previous) return `ts ${tsText} is before the previous row's ${previous.toISOString()} (rows must be sorted ascending)`;
  return { ts, open, high, low, close, volume };
}

/** Opens a candle file, gunzipping `.gz` files. */
export function openCandleFile(path: string): Readable {
  const stream = createReadStream(path);
  return path.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}

/**
 * Reads and validates a candle CSV (`ts,open,high,low,close,volume`, header first) with csv-parse:
 * column count, timestamps (ISO-8601 UTC, on a bar boundary, strictly ascending), numbers,
 * high ≥ max(open, close), low ≤ min(open, close), volume ≥ 0. Every bad row is reported with its
 * line number; a file that cannot be read or parsed as CSV at all throws.
 */
export async function readCandleCsv(input: Readable, interval: NativeInterval): Promise<ParsedCandleCsv> {
  const parser = input.pipe(parse({ relax_column_count: true, skip_empty_lines: true, trim: true, info: true }));
  input.on('error', (error) => parser.destroy(error));
  const bars: Bar[] = [];
  const badRows: BadRow[] = [];
  let header = true;
  let rowCount = 0;
  let previous: Date | null = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (header) {
      header = false;
      if (record.join(',').toLowerCase() !== candleCsvColumns.join(',')) {
        badRows.push({ line: info.lines, reason: `header must be "${candleCsvColumns.join(',')}"` });
      }
      continue;
    }
    rowCount += 1;
    const result = validateRow(record, interval, previous);
    if (typeof result === 'string') badRows.push({ line: info.lines, reason: result });
    else {
      bars.push(result);
      previous = result.ts;
    }
  }
  if (header) badRows.push({ line: 1, reason: 'the file is empty' });
  return { bars, badRows, rowCount };
}
