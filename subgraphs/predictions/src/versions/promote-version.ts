import { badUserInput, forbidden, notFound, type Identity } from '@cryptograph/core';
import type { PredictionsSchema } from '../db/predictions-database.js';
import { lockModel } from '../models/model.repository.js';
import { isUuid } from '../db/uuid.js';
import { changeStage, findVersion } from './model-version.repository.js';
import type { ModelStage, ModelVersionRow } from './model-version.table.js';

/**
 * Moves a version to `stage` in one transaction (archiving the previous PRODUCTION version), recorded
 * as a promotion by the caller. Versions exist only once trained, so promoting "an untrained version"
 * (an id that no training produced) is NOT_FOUND; moving a version to the stage it is in is BAD_USER_INPUT.
 */
export async function promoteVersion(db: PredictionsSchema, identity: Identity, versionId: string, stage: ModelStage): Promise<ModelVersionRow> {
  if (!identity.userId) throw forbidden();
  if (!isUuid(versionId)) throw notFound('Model version', versionId);
  return db.transaction().execute(async (trx) => {
    const version = await findVersion(trx, versionId, true);
    if (!version) throw notFound('Model version', versionId);
    if (version.stage === stage) throw badUserInput(`Version ${version.version} is already in ${stage}.`, 'stage');
    await lockModel(trx, version.model_id);
    return changeStage(trx, version, stage, { by: identity.userId, automatic: false, reason: `Moved to ${stage} by hand.` });
  });
}
