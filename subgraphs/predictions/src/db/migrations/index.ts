import type { Migration } from 'kysely';
import * as models from './0001-models.js';

/** The predictions schema's migrations, applied in name order, forward only. */
export const predictionsMigrations: Record<string, Migration> = {
  '0001-models': models,
};
