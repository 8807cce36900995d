import { badUserInput, forbidden, notFound, type Identity } from '@cryptograph/core';
import type { PredictionsParts } from '../context.js';
import { minTrainingBars } from '../forecasting/train-version.js';
import { isUuid } from '../models/models-by-id.js';
import { modelParams } from '../models/model-params.js';
import type { ModelRow } from '../models/model.table.js';
import { findVersion, predictingVersion } from '../versions/model-version.repository.js';
import { enqueueJob } from './enqueue-job.js';
import type { JobSnapshot } from './job.table.js';

const earliest = Date.parse('2009-01-03T00:00:00Z');

async function findModel(parts: PredictionsParts, modelId: string): Promise<ModelRow> {
  const model = isUuid(modelId) ? await parts.db.selectFrom('models').selectAll().where('id', '=', modelId).executeTakeFirst() : undefined;
  if (!model) throw notFound('Model', modelId);
  return model;
}

function window(from: Date | string, to: Date | string, fromField: string): { from: Date; to: Date } {
  const start = new Date(from);
  const end = new Date(to);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw badUserInput('The window must be two valid times.', fromField);
  if (start >= end) throw badUserInput(`"${fromField}" must be before the end of the window.`, fromField);
  if (start.getTime() < earliest || end.getTime() > Date.now() + 366 * 86_400_000) throw badUserInput('The window must lie between 2009-01-03 and a year from now.', fromField);
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
export async function requestTraining(parts: PredictionsParts, identity: Identity, modelId: string, trainFrom: Date | string, trainTo: Date | string): Promise<JobSnapshot> {
  const userId = signedIn(identity);
  const model = await findModel(parts, modelId);
  const range = window(trainFrom, trainTo, 'trainFrom');
  const bars = await parts.market.fetchCandles(model.symbol, model.interval, range.from, range.to);
  const needed = minTrainingBars(model.algorithm, modelParams(model), model.horizon);
  if (bars.length < needed) {
    throw badUserInput(`The training window holds ${bars.length} ${model.interval} candles of ${model.symbol}; ${model.algorithm} with horizon ${model.horizon} needs at least ${needed}.`, 'trainFrom');
  }
  return (await enqueueJob(parts, { kind: 'TRAIN', modelId: model.id, input: { trainFrom: range.from.toISOString(), trainTo: range.to.toISOString(), trigger: 'MANUAL' }, createdBy: userId }))!;
}

/** Enqueues scoring of a version on a window that starts at or after its training window's end. */
export async function requestScoring(parts: PredictionsParts, identity: Identity, versionId: string, from: Date | string, to: Date | string): Promise<JobSnapshot> {
  const userId = signedIn(identity);
  const version = isUuid(versionId) ? await findVersion(parts.db, versionId) : undefined;
  if (!version) throw notFound('Model version', versionId);
  const range = window(from, to, 'from');
  if (range.from < version.train_to) throw badUserInput(`"from" must be at or after the version's training window end (${version.train_to.toISOString()}), so the score is out of sample.`, 'from');
  return (await enqueueJob(parts, { kind: 'SCORE', modelId: version.model_id, input: { versionId: version.id, from: range.from.toISOString(), to: range.to.toISOString() }, createdBy: userId }))!;
}

/** Enqueues a prediction of a model at its latest complete bar; the model needs a trained version. */
export async function requestPredictions(parts: PredictionsParts, identity: Identity, modelId: string): Promise<JobSnapshot> {
  const userId = signedIn(identity);
  const model = await findModel(parts, modelId);
  if (!(await predictingVersion(parts.db, model.id))) throw badUserInput(`Model "${model.id}" has no trained version yet: train it first.`, 'modelId');
  return (await enqueueJob(parts, { kind: 'PREDICT', modelId: model.id, input: {}, createdBy: userId }))!;
}
