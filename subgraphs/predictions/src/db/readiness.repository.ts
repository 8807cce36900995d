import type { PredictionsDb } from './predictions-database.js';

/** The readiness probe's query: fails unless the predictions schema answers (the database is reachable and migrated). */
export async function probePredictionsSchema(db: PredictionsDb): Promise<void> {
  await db.selectFrom('models').select('id').limit(1).execute();
}
