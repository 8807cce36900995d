import { jobUpdatedChannel, predictionCreatedChannel, type EventBus, type Logger } from '@cryptograph/core';
import type { PredictionsDb } from '../db/predictions-database.js';
import { newestPredictionId, predictionsAfter } from '../predictions/prediction.repository.js';
import type { JobSnapshot } from '../jobs/job.table.js';
import { fromPredictionCreatedMessage } from '../predictions/prediction-event.js';
import type { PredictionRow } from '../predictions/prediction.table.js';
import { createResumableHub, type ResumableHub } from './resumable-stream.js';

/** The hub of `predictionCreated`: ids are the predictions' bigint ids; new rows are read from Postgres in id order. */
export function createPredictionHub(bus: EventBus, logger: Logger, db: PredictionsDb): ResumableHub<PredictionRow> {
  return createResumableHub(
    bus,
    {
      channel: predictionCreatedChannel,
      decode: fromPredictionCreatedMessage,
      idOf: (row) => Number(row.id),
      readAllAfter: (after, limit) => predictionsAfter(db, {}, after, limit),
      newestId: () => newestPredictionId(db),
    },
    logger,
  );
}

/** The hub of `jobUpdated`: ids are the job events' bigint ids. */
export function createJobHub(bus: EventBus, logger: Logger): ResumableHub<JobSnapshot> {
  return createResumableHub(
    bus,
    {
      channel: jobUpdatedChannel,
      decode: (message) => (typeof (message as Partial<JobSnapshot> | null)?.eventId === 'string' ? (message as JobSnapshot) : null),
      idOf: (snapshot) => Number(snapshot.eventId),
    },
    logger,
  );
}
