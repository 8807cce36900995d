import { createLogger, openInfrastructure } from '@cryptograph/core';
import { CandleImportError, importCandles, importProgress, loadMarketEnv, parseNativeInterval, prepareMarketDatabase } from '@cryptograph/market';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CommandFailed } from './command-failed.js';
import { UsageError } from './usage-error.js';

/**
 * `import-candles`: validates and imports a candle CSV into the market schema, idempotently;
 * `--create --name` tracks a new asset in the same step. The created asset and the changed range
 * are announced on the event bus, so a running feed and predictions follow.
 */
export async function importCandlesCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      symbol: { type: 'string' },
      interval: { type: 'string' },
      file: { type: 'string' },
      'skip-bad-rows': { type: 'boolean', default: false },
      create: { type: 'boolean', default: false },
      name: { type: 'string' },
    },
    strict: true,
  });
  if (!values.symbol || !values.interval || !values.file) throw new UsageError('import-candles needs --symbol, --interval and --file.');
  const symbol = values.symbol.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,15}$/.test(symbol)) throw new UsageError(`--symbol "${values.symbol}" must be 1 to 15 letters or digits, e.g. BTC.`);
  const interval = parseNativeInterval(values.interval);
  if (!interval) throw new UsageError(`--interval "${values.interval}": candles are stored at their native interval, M1 (1 minute) or D1 (1 day).`);
  if (!existsSync(values.file)) throw new UsageError(`--file ${values.file} does not exist.`);
  const name = values.name?.trim();
  if (values.create && !name) throw new UsageError('--create needs --name "<asset name>", e.g. --name "Litecoin".');
  if (name !== undefined && !values.create) throw new UsageError('--name is only used with --create.');
  if (name !== undefined && (name.length === 0 || name.length > 100)) throw new UsageError('--name must be 1 to 100 characters.');

  const env = loadMarketEnv(process.env);
  const infrastructure = await openInfrastructure(env);
  const progress = importProgress(`${symbol} ${values.interval.toUpperCase()}`);
  try {
    const db = await prepareMarketDatabase(env, { ...infrastructure, logger: createLogger('market', env.LOG_LEVEL) });
    const report = await importCandles(db, {
      symbol,
      interval,
      file: values.file,
      skipBadRows: values['skip-bad-rows'],
      onProgress: progress.onProgress,
      bus: infrastructure.bus,
      ...(values.create && name ? { create: { name } } : {}),
    });
    progress.stop();
    for (const row of report.skipped) console.log(`skipped line ${row.line}: ${row.reason}`);
    if (report.created) console.log(`Now tracking ${symbol} (${name}).`);
    const replaced = report.replacedSimulated > 0 ? `, ${report.replacedSimulated} simulated bars replaced` : '';
    console.log(
      `Imported ${values.file} into ${symbol} ${interval}: ${report.rows} rows, ${report.inserted} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.skipped.length} skipped${replaced}.`,
    );
  } catch (error) {
    progress.stop();
    if (error instanceof CandleImportError) throw new CommandFailed(`import-candles: ${error.message}`);
    throw error;
  } finally {
    await infrastructure.close();
  }
}
