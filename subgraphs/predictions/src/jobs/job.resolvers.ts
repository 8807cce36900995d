import { AppError, ErrorCode, notFound } from '@cryptograph/core';
import type { Resolvers } from '../generated/resolvers-types.js';
import { isUuid } from '../models/models-by-id.js';
import { findJob, jobEventsAfter, toJobSnapshot } from './job.repository.js';
import { requestPredictions, requestScoring, requestTraining } from './job.service.js';
import type { JobSnapshot } from './job.table.js';

/** Errors in `subscribe` bypass the server's masking: only AppErrors keep their message. */
function publicError(error: unknown, log: (error: unknown) => void): never {
  if (error instanceof AppError) throw error;
  log(error);
  throw new AppError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error.');
}

/** Resolvers of jobs: enqueueing mutations, `job`, and the `jobUpdated` stream. */
export const jobResolvers: Resolvers = {
  Query: {
    job: async (_parent, { id }, { db }) => {
      const row = isUuid(id) ? await findJob(db, id) : undefined;
      if (!row) return null;
      const last = await db.selectFrom('job_events').select('id').where('job_id', '=', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return toJobSnapshot(row, last?.id ?? 0);
    },
  },
  Mutation: {
    trainModel: (_parent, { modelId, trainFrom, trainTo }, context) => requestTraining(context, context.identity, modelId, trainFrom, trainTo),
    scoreModel: (_parent, { versionId, from, to }, context) => requestScoring(context, context.identity, versionId, from, to),
    runPredictions: (_parent, { modelId }, context) => requestPredictions(context, context.identity, modelId),
  },
  Job: {
    model: async (job, _args, { modelsById }) => {
      const model = await modelsById.load(job.modelId);
      if (!model) throw notFound('Model', job.modelId);
      return model;
    },
  },
  Subscription: {
    jobUpdated: {
      subscribe: async (_parent, { id }, { db, jobHub, logger }) => {
        try {
          if (!isUuid(id) || !(await findJob(db, id))) throw notFound('Job', id);
          return await jobHub.subscribe(
            {
              matches: (snapshot) => snapshot.id === id,
              readAfter: (after, limit) => jobEventsAfter(db, id, after, limit),
              isLast: (snapshot) => snapshot.status === 'SUCCEEDED' || snapshot.status === 'FAILED',
            },
            0,
          );
        } catch (error) {
          return publicError(error, (cause) => logger.error({ err: cause }, 'jobUpdated failed'));
        }
      },
      resolve: (snapshot: JobSnapshot) => snapshot,
    },
  },
};
