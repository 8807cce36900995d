import type { Logger } from '@cryptograph/core';
import type { PredictionsDb, PredictionsTransaction } from '../db/predictions-database.js';
import { challengeChampion, type ChallengeResult } from '../forecasting/champion-challenger.js';
import { dataFingerprint } from '../forecasting/fingerprint.js';
import { trainVersion } from '../forecasting/train-version.js';
import type { JobWork } from '../jobs/job-runner.js';
import type { FetchCandles } from '../market/market-client.js';
import { modelParams } from '../models/model-params.js';
import { getModel } from '../models/model.service.js';
import { changeStage, insertVersion, productionVersion, stagedChallengers } from '../versions/model-version.repository.js';
import type { ModelVersionRow, TrainingTrigger } from '../versions/model-version.table.js';

/** What happens to a freshly trained version, decided in the transaction that stores it. */
async function decideStage(
  trx: PredictionsTransaction,
  version: ModelVersionRow,
  trigger: TrainingTrigger,
  championId: string | null,
  challenge: ChallengeResult | null,
): Promise<ModelVersionRow> {
  if (trigger === 'MANUAL') return version;
  const champion = await productionVersion(trx, version.model_id, true);
  if (!champion) {
    return changeStage(trx, version, 'PRODUCTION', {
      by: null,
      automatic: true,
      reason:
        trigger === 'DEFAULT' ? 'First version of a default model: promoted once trained.' : 'The model had no PRODUCTION version: promoted once trained.',
    });
  }
  // Superseded challengers of earlier retrainings leave STAGING.
  const stale = await stagedChallengers(trx, version.model_id, version.id);
  for (const old of stale)
    await changeStage(trx, old, 'ARCHIVED', { by: null, automatic: true, reason: `Superseded by the challenger version ${version.version}.` });
  if (!challenge || champion.id !== championId) {
    return changeStage(trx, version, 'STAGING', {
      by: null,
      automatic: true,
      reason: `The champion changed while version ${version.version} trained; it stays a challenger.`,
    });
  }
  const evidence = {
    by: null,
    automatic: true,
    reason: challenge.reason,
    championSkill: challenge.championSkill,
    challengerSkill: challenge.challengerSkill,
    evalFrom: new Date(challenge.evalFrom),
    evalTo: new Date(challenge.evalTo),
  };
  return changeStage(trx, version, challenge.promote ? 'PRODUCTION' : 'STAGING', evidence);
}

/**
 * TRAIN: loads the window's candles from the market (one request per window), trains with the
 * walk-forward, stores a new version with its trigger. MANUAL versions stay in DEVELOPMENT; DEFAULT
 * and SCHEDULED ones are promoted to PRODUCTION when the model has none; a SCHEDULED challenger is
 * compared with the champion on its validation window (which starts at the champion's training end)
 * and goes to PRODUCTION when it wins, else to STAGING, with the evidence recorded.
 */
export function trainWork(db: PredictionsDb, fetchCandles: FetchCandles, logger: Logger, onPromoted?: (modelId: string) => void): JobWork {
  return async (job, progress) => {
    const model = await getModel(db, job.model_id);
    const trainFrom = new Date(String(job.input.trainFrom));
    const trainTo = new Date(String(job.input.trainTo));
    const trigger = (job.input.trigger as TrainingTrigger | undefined) ?? 'MANUAL';
    const champion = trigger === 'SCHEDULED' ? await productionVersion(db, model.id) : undefined;
    await progress(0.1, 'loading candles');
    const bars = await fetchCandles(model.symbol, model.interval, trainFrom, trainTo);
    await progress(0.4, `walk-forward of ${model.algorithm} on ${bars.length} bars`);
    const spec = { target: model.target, horizon: model.horizon, interval: model.interval, params: modelParams(model) };
    const trained = trainVersion(bars, model.algorithm, spec, trainFrom.getTime(), trainTo.getTime(), {
      validationFloor: champion ? champion.train_to.getTime() : null,
    });
    let challenge: ChallengeResult | null = null;
    if (champion) {
      await progress(0.7, `comparing with the champion, version ${champion.version}`);
      challenge = challengeChampion(trained, model.algorithm, {
        spec: { ...spec, params: champion.params },
        artifact: champion.artifact,
        version: champion.version,
      });
    }
    await progress(0.8, 'evaluated on the validation and test windows');
    let promoted = false;
    return {
      async commit(trx) {
        const { row, created } = await insertVersion(trx, {
          modelId: model.id,
          params: trained.params,
          metrics: trained.metrics,
          trainFrom,
          trainTo,
          fingerprint: dataFingerprint(bars),
          artifact: trained.artifact,
          jobId: job.id,
          trigger,
          createdBy: job.created_by,
        });
        const version = created ? await decideStage(trx, row, trigger, champion?.id ?? null, challenge) : row;
        promoted = created && version.stage === 'PRODUCTION';
        return {
          versionId: version.id,
          version: version.version,
          stage: version.stage,
          metrics: trained.metrics,
          ...(challenge ? { challenge: { promoted: challenge.promote, reason: challenge.reason } } : {}),
        };
      },
      async afterCommit() {
        if (promoted) {
          logger.info({ modelId: model.id, trigger }, 'a version was promoted to PRODUCTION automatically');
          onPromoted?.(model.id);
        }
      },
    };
  };
}
