import type { Migration } from 'kysely';
import * as assets from './0001-assets.js';
import * as candles from './0002-candles.js';
import * as feed from './0003-feed.js';

/** The market schema's migrations, applied in name order, forward only. */
export const marketMigrations: Record<string, Migration> = {
  '0001-assets': assets,
  '0002-candles': candles,
  '0003-feed': feed,
};
