import { AppError, ErrorCode, notFound } from '@cryptograph/core';
import type { Resolvers } from '../generated/resolvers-types.js';
import { findJob, jobEventsAfter } from './job.repository.js';
import { currentJob, requestPredictions, requestScoring, requestTraining } from './job.service.js';
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
    job: async (_parent, { id }, { db }) => (await currentJob(db, id)) ?? null,
  },
  Mutation: {
    trainModel: (_parent, request, { db, queue, bus, logger, market, identity }) =>
      requestTraining(db, queue, bus, logger, market.fetchCandles, identity, request),
    scoreModel: (_parent, request, { db, queue, bus, logger, identity }) => requestScoring(db, queue, bus, logger, identity, request),
    runPredictions: (_parent, { modelId }, { db, queue, bus, logger, identity }) => requestPredictions(db, queue, bus, logger, identity, modelId),
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
          if (!(await findJob(db, id))) throw notFound('Job', id);
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
