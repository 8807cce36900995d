import { badUserInput, forbidden, notFound, type EventBus, type Identity, type Logger } from '@cryptograph/core';
import type { PredictionsDb, PredictionsSchema } from '../db/predictions-database.js';
import { minTrainingBars } from '../forecasting/train-version.js';
import type { FetchCandles } from '../market/market-client.js';
import { modelParams } from '../models/model-params.js';
import { getModel } from '../models/model.service.js';
import { findVersion, predictingVersion } from '../versions/model-version.repository.js';
import { enqueueJob } from './enqueue-job.js';
import type { JobQueue } from './job-queue.js';
import { findJob, lastJobEventId, toJobSnapshot } from './job.repository.js';
import type { JobSnapshot } from './job.table.js';

const earliest = Date.parse('2009-01-03T00:00:00Z');

/** A training run a user asks for: the model and the window [trainFrom, trainTo). */
export interface TrainingRequest {
  readonly modelId: string;
  readonly trainFrom: Date | string;
  readonly trainTo: Date | string;
}

/** A scoring run a user asks for: the version and the window [from, to). */
export interface ScoringRequest {
  readonly versionId: string;
  readonly from: Date | string;
  readonly to: Date | string;
}

function window(from: Date | string, to: Date | string, fromField: string): { from: Date; to: Date } {
  const start = new Date(from);
  const end = new Date(to);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw badUserInput('The window must be two valid times.', fromField);
  if (start >= end) throw badUserInput(`"${fromField}" must be before the end of the window.`, fromField);
  if (start.getTime() < earliest || end.getTime() > Date.now() + 366 * 86_400_000)
    throw badUserInput('The window must lie between 2009-01-03 and a year from now.', fromField);
  return { from: start, to: end };
}

function signedIn(identity: Identity): string {
  if (!identity.userId) throw forbidden();
  return identity.userId;
}

/**
 * Enqueues training of a new version. Checked before anything is written: the model exists, the
 * window is valid and holds enough candles for the algorithm, horizon and walk-forward split.
 */
export async function requestTraining(
  db: PredictionsSchema,
  queue: JobQueue,
  bus: EventBus,
  logger: Logger,
  fetchCandles: FetchCandles,
  identity: Identity,
  request: TrainingRequest,
): Promise<JobSnapshot> {
  const userId = signedIn(identity);
  const model = await getModel(db, request.modelId);
  const range = window(request.trainFrom, request.trainTo, 'trainFrom');
  const bars = await fetchCandles(model.symbol, model.interval, range.from, range.to);
  const needed = minTrainingBars(model.algorithm, modelParams(model), model.horizon);
  if (bars.length < needed) {
    throw badUserInput(
      `The training window holds ${bars.length} ${model.interval} candles of ${model.symbol}; ${model.algorithm} with horizon ${model.horizon} needs at least ${needed}.`,
      'trainFrom',
    );
  }
  return (await enqueueJob(db, queue, bus, logger, {
    kind: 'TRAIN',
    modelId: model.id,
    input: { trainFrom: range.from.toISOString(), trainTo: range.to.toISOString(), trigger: 'MANUAL' },
    createdBy: userId,
  }))!;
}

/** Enqueues scoring of a version on a window that starts at or after its training window's end. */
export async function requestScoring(
  db: PredictionsSchema,
  queue: JobQueue,
  bus: EventBus,
  logger: Logger,
  identity: Identity,
  request: ScoringRequest,
): Promise<JobSnapshot> {
  const userId = signedIn(identity);
  const version = await findVersion(db, request.versionId);
  if (!version) throw notFound('Model version', request.versionId);
  const range = window(request.from, request.to, 'from');
  if (range.from < version.train_to)
    throw badUserInput(
      `"from" must be at or after the version's training window end (${version.train_to.toISOString()}), so the score is out of sample.`,
      'from',
    );
  return (await enqueueJob(db, queue, bus, logger, {
    kind: 'SCORE',
    modelId: version.model_id,
    input: { versionId: version.id, from: range.from.toISOString(), to: range.to.toISOString() },
    createdBy: userId,
  }))!;
}

/** Enqueues a prediction of a model at its latest complete bar; the model needs a trained version. */
export async function requestPredictions(
  db: PredictionsSchema,
  queue: JobQueue,
  bus: EventBus,
  logger: Logger,
  identity: Identity,
  modelId: string,
): Promise<JobSnapshot> {
  const userId = signedIn(identity);
  const model = await getModel(db, modelId);
  if (!(await predictingVersion(db, model.id))) throw badUserInput(`Model "${model.id}" has no trained version yet: train it first.`, 'modelId');
  return (await enqueueJob(db, queue, bus, logger, { kind: 'PREDICT', modelId: model.id, input: {}, createdBy: userId }))!;
}

/** A job's current state as its newest snapshot; undefined when there is no such job. */
export async function currentJob(db: PredictionsDb, id: string): Promise<JobSnapshot | undefined> {
  const row = await findJob(db, id);
  if (!row) return undefined;
  return toJobSnapshot(row, (await lastJobEventId(db, id)) ?? 0);
}
