import { createLogger, openInfrastructure } from '@cryptograph/core';
import { createPriceIngestor, loadMarketEnv, openPriceCache, parseReplaySpeed, prepareMarketDatabase, startMarketFeed } from '@cryptograph/market';
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/**
 * `replay`: runs the offline feed (the shipped minutes newer than the stored history, then the
 * simulated market) in this process until Ctrl+C, through the market's own `startMarketFeed`: it
 * takes part in the feed's leader election, so it waits while a running market service leads the
 * feed and never runs a second feed beside it, and a feed stopped by an error starts again.
 */
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
    const ingestor = createPriceIngestor({ db, cache: prices, bus: infrastructure.bus });
    let played = { replayed: 0, simulated: 0, clock: null as Date | null };
    // The market's own feed entry point (leader election, restart-on-failure supervision), with the replay feed forced on.
    const feed = startMarketFeed(
      { ...env, EXCHANGE_FEED: 'replay', REPLAY_SPEED: speed, REPLAY_UNTIL: undefined },
      { db, embedded: infrastructure.db.embedded, ingestor, bus: infrastructure.bus, logger, offlineFeedEnded: (result) => (played = result) },
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await feed.stop();
    console.log(
      `Feed stopped: ${played.replayed} minute(s) of shipped data replayed, ${played.simulated} feed minute(s) after it${played.clock ? `, clock at ${played.clock.toISOString()}` : ''}.`,
    );
  } finally {
    await prices.close();
    await infrastructure.close();
  }
}
