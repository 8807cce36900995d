import type { Migration } from 'kysely';
import * as models from './0001-models.js';
import * as versionsJobsPredictions from './0002-versions-jobs-predictions.js';
import * as schedulingPromotions from './0003-scheduling-promotions.js';

/** The predictions schema's migrations, applied in name order, forward only. */
export const predictionsMigrations: Record<string, Migration> = {
  '0001-models': models,
  '0002-versions-jobs-predictions': versionsJobsPredictions,
  '0003-scheduling-promotions': schedulingPromotions,
};
