import type { EventBus, Logger } from '@cryptograph/core';
import { assetCatalog } from '../assets/asset-catalog.js';
import { insertAssetsIfMissing } from '../assets/asset.repository.js';
import { announceAssetChange } from '../assets/asset.service.js';
import type { NativeInterval } from '../candles/candle-interval.js';
import type { MarketDb, MarketSchema } from '../db/market-database.js';
import { openCandleFile, readCandleCsv } from '../import/candle-csv.js';
import { writeCandleBatches } from '../import/import-candles.js';
import { findInstallation, insertInstallation, lockSeeding, updateSeedVersion } from './installation.repository.js';
import { shippedFile } from './shipped-data.js';

/**
 * Version of the seeding: 1 kept the last week of shipped minutes back for the replay; 2 seeds all
 * shipped history (the feed continues after it). An installation seeded by an older version gets
 * what it misses once.
 */
export const seedVersion = 2;

/** What the first start seeds: the catalog assets always, the shipped candles unless `data` is false. */
export interface SeedOptions {
  readonly data: boolean;
}

/** Writes every shipped file of the catalog (`intervals` of them) into the candles. */
async function seedShippedFiles(trx: MarketDb, intervals: readonly NativeInterval[], logger: Logger): Promise<number> {
  const files = assetCatalog.flatMap(({ symbol }) =>
    intervals.flatMap((interval) => {
      const file = shippedFile(symbol, interval);
      return file ? [{ symbol, interval, file }] : [];
    }),
  );
  let total = 0;
  for (const [index, { symbol, interval, file }] of files.entries()) {
    const parsed = await readCandleCsv(openCandleFile(file), interval);
    if (parsed.badRows.length > 0) throw new Error(`shipped file ${file} has bad rows, e.g. line ${parsed.badRows[0]!.line}: ${parsed.badRows[0]!.reason}`);
    await writeCandleBatches(trx, symbol, interval, parsed.bars);
    total += parsed.bars.length;
    logger.info({ file: `${symbol}-USD_${interval}`, bars: parsed.bars.length, progress: `${index + 1}/${files.length}` }, 'seeding market data');
  }
  return total;
}

/**
 * Seeds a fresh installation once: every catalog asset (active, announced on the bus), then, with
 * `data`, all shipped daily and minute bars. Runs in one transaction under an advisory lock and
 * records itself (with `seedVersion`) in `market.installation`, so later starts (and concurrent
 * replicas) do nothing and removed assets stay removed; an installation seeded by version 1 gets
 * the minutes that version held back. Returns false when there was nothing to do.
 */
export async function seedMarketData(db: MarketSchema, options: SeedOptions, logger: Logger, bus?: EventBus): Promise<boolean> {
  const created: string[] = [];
  const seeded = await db.transaction().execute(async (trx) => {
    await lockSeeding(trx);
    const installation = await findInstallation(trx);
    if (installation && installation.seedVersion >= seedVersion) return false;
    const started = Date.now();
    if (installation) {
      if (options.data) await seedShippedFiles(trx, ['1m'], logger);
      await updateSeedVersion(trx, seedVersion);
      logger.info({ ms: Date.now() - started }, 'completed the seeding of an older installation: all shipped minute data');
      return true;
    }
    created.push(...(await insertAssetsIfMissing(trx, assetCatalog)));
    if (options.data) {
      const total = await seedShippedFiles(trx, ['1d', '1m'], logger);
      logger.info({ bars: total, ms: Date.now() - started }, 'seeded the shipped market data');
    }
    await insertInstallation(trx, seedVersion);
    return true;
  });
  if (bus) for (const symbol of created) await announceAssetChange(bus, symbol, 'added');
  return seeded;
}
