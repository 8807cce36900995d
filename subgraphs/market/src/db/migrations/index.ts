import type { Migration } from 'kysely';
import * as assets from './0001-assets.js';

/** The market schema's migrations, applied in name order, forward only. */
export const marketMigrations: Record<string, Migration> = {
  '0001-assets': assets,
};
