import type { Logger } from '@cryptograph/core';
import { sql, type Kysely } from 'kysely';
import { assetCatalog } from '../assets/asset-catalog.js';
import { insertAssetsIfMissing } from '../assets/asset.repository.js';
import type { NativeInterval } from '../candles/candle-interval.js';
import type { MarketDatabase } from '../db/market-database.js';
import { openCandleFile, readCandleCsv } from '../import/candle-csv.js';
import { writeCandleBatches } from '../import/import-candles.js';
import { replayStart, shippedFile } from './shipped-data.js';

/** Arbitrary constant key of the advisory lock that serializes seeding between replicas. */
const seedLockKey = 72_416_001;

/** What the first start seeds: the catalog assets always, the shipped candles unless `data` is false. */
export interface SeedOptions {
  readonly data: boolean;
}

/**
 * Seeds a fresh installation once: every catalog asset (active), then, with `data`, all shipped
 * daily bars and the shipped minute bars before `replayStart`. Runs in one transaction under an
 * advisory lock and records itself in `market.installation`, so later starts (and concurrent
 * replicas) do nothing and removed assets stay removed. Returns false when it was already seeded.
 */
export async function seedMarketData(db: Kysely<MarketDatabase>, options: SeedOptions, logger: Logger): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${seedLockKey})`.execute(trx);
    if (await trx.selectFrom('installation').select('seeded_at').executeTakeFirst()) return false;
    const started = Date.now();
    await insertAssetsIfMissing(trx, assetCatalog);
    if (options.data) {
      const files = assetCatalog.flatMap(({ symbol }) =>
        (['1d', '1m'] as NativeInterval[]).flatMap((interval) => {
          const file = shippedFile(symbol, interval);
          return file ? [{ symbol, interval, file }] : [];
        }),
      );
      let total = 0;
      for (const [index, { symbol, interval, file }] of files.entries()) {
        const parsed = await readCandleCsv(openCandleFile(file), interval);
        if (parsed.badRows.length > 0) throw new Error(`shipped file ${file} has bad rows, e.g. line ${parsed.badRows[0]!.line}: ${parsed.badRows[0]!.reason}`);
        const bars = interval === '1m' ? parsed.bars.filter((bar) => bar.ts < replayStart) : parsed.bars;
        await writeCandleBatches(trx, symbol, interval, bars);
        total += bars.length;
        logger.info({ file: `${symbol}-USD_${interval}`, bars: bars.length, progress: `${index + 1}/${files.length}` }, 'seeding market data');
      }
      logger.info({ bars: total, ms: Date.now() - started }, 'seeded the shipped market data');
    }
    await trx.insertInto('installation').values({ seeded_at: new Date() }).execute();
    return true;
  });
}
