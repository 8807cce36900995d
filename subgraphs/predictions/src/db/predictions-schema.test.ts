import { describe, expectTypeOf, it } from 'vitest';
import type { PredictionsParts } from '../context.js';
import { ensureDefaultModels } from '../defaults/default-models.js';
import { enqueueJob } from '../jobs/enqueue-job.js';
import { createInProcessQueue } from '../jobs/in-process-queue.js';
import { createJobRunner } from '../jobs/job-runner.js';
import { requestPredictions, requestScoring, requestTraining } from '../jobs/job.service.js';
import { findJob } from '../jobs/job.repository.js';
import { openJobQueue } from '../jobs/open-job-queue.js';
import { predictDueBars } from '../schedule/predict-due-bars.js';
import type { SchedulerDeps } from '../schedule/prediction-scheduler.js';
import { realizeDue } from '../schedule/realize-predictions.js';
import { retrainIfDue } from '../schedule/retrain-due.js';
import { preparePredictionsDatabase } from '../service.js';
import { promoteVersion } from '../versions/promote-version.js';
import { rollbackModel } from '../versions/rollback-model.js';
import { startPredictionsWorker } from '../worker.js';
import type { PredictionsDb, PredictionsSchema, PredictionsTransaction } from './predictions-database.js';

// Checked by `npm run typecheck` (tsc over src/**/*.ts): with PredictionsSchema widened back to a plain Kysely, every
// `not.toExtend` below stops compiling.
describe('code of the predictions subgraph that opens a transaction', () => {
  it('takes the predictions schema itself: a transaction does not compile', () => {
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof enqueueJob>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof createInProcessQueue>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof createJobRunner>[0]['db']>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof realizeDue>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof predictDueBars>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof promoteVersion>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof rollbackModel>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof requestTraining>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof requestScoring>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof requestPredictions>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof ensureDefaultModels>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof retrainIfDue>[0]>();
    expectTypeOf<PredictionsTransaction>().not.toExtend<Parameters<typeof openJobQueue>[1]>();
  });

  it('is handed the schema by the service, its parts, the scheduler and the worker', () => {
    expectTypeOf<Awaited<ReturnType<typeof preparePredictionsDatabase>>>().toEqualTypeOf<PredictionsSchema>();
    expectTypeOf<PredictionsParts['db']>().toEqualTypeOf<PredictionsSchema>();
    expectTypeOf<SchedulerDeps['db']>().toEqualTypeOf<PredictionsSchema>();
    expectTypeOf<Parameters<typeof startPredictionsWorker>[0]['db']>().toEqualTypeOf<PredictionsSchema>();
  });

  it('leaves repositories taking the schema or a transaction', () => {
    expectTypeOf<Parameters<typeof findJob>[0]>().toEqualTypeOf<PredictionsDb>();
    expectTypeOf<PredictionsSchema>().toExtend<PredictionsDb>();
    expectTypeOf<PredictionsTransaction>().toExtend<PredictionsDb>();
  });
});
