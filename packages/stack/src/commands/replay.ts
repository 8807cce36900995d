import { createLogger, openInfrastructure } from '@cryptograph/core';
import { createPriceIngestor, loadMarketEnv, openPriceCache, parseReplaySpeed, prepareMarketDatabase, startReplay } from '@cryptograph/market';
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** `replay`: plays the shipped minute candles as a live feed until the data ends or a signal. */
export async function replayCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { speed: { type: 'string' } }, strict: true });
  const env = loadMarketEnv(process.env);
  let speed = env.REPLAY_SPEED;
  try {
    if (values.speed !== undefined) speed = parseReplaySpeed(values.speed);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (speed === 0) throw new UsageError('replay --speed 0 would play nothing: use a positive number or "max".');
  const logger = createLogger('replay', env.LOG_LEVEL);
  if (!env.REDIS_URL) logger.warn('REDIS_URL is not set: ticks go to the in-process bus, so only this process sees them (candles and prices are still stored)');
  const infrastructure = await openInfrastructure(env);
  const prices = openPriceCache(env);
  try {
    const db = await prepareMarketDatabase(env, { ...infrastructure, logger });
    const symbols = (await db.selectFrom('assets').select('symbol').where('active', '=', true).execute()).map((row) => row.symbol);
    const replay = startReplay({ db, ingestor: createPriceIngestor({ db, cache: prices, bus: infrastructure.bus }), logger }, { speed, symbols });
    const stop = () => void replay.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const result = await replay.finished;
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    console.log(`Replay ${result.ended ? 'finished' : 'stopped'} after ${result.minutes} minute(s) of data.`);
  } finally {
    await prices.close();
    await infrastructure.close();
  }
}
