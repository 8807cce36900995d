import { conflict, forbidden, notFound, type Identity } from '@cryptograph/core';
import type { PredictionsSchema } from '../db/predictions-database.js';
import { lockModel } from '../models/model.repository.js';
import { isUuid } from '../db/uuid.js';
import { changeStage, findVersion, productionVersion } from './model-version.repository.js';
import type { ModelVersionRow } from './model-version.table.js';
import { productionHistory } from './promotion.repository.js';

/**
 * `rollbackModel`: restores the version that was in PRODUCTION before the current one (the most
 * recent other version ever promoted to PRODUCTION), archiving the current one; both changes are
 * recorded as promotions by the caller. Runs under a lock of the model row, so it cannot interleave
 * with an automatic promotion.
 */
export async function rollbackModel(db: PredictionsSchema, identity: Identity, modelId: string): Promise<ModelVersionRow> {
  if (!identity.userId) throw forbidden();
  if (!isUuid(modelId)) throw notFound('Model', modelId);
  return db.transaction().execute(async (trx) => {
    if (!(await lockModel(trx, modelId))) throw notFound('Model', modelId);
    const current = await productionVersion(trx, modelId, true);
    if (!current) throw conflict('The model has no PRODUCTION version to roll back.', 'modelId');
    const previousId = (await productionHistory(trx, modelId)).find((id) => id !== current.id);
    const previous = previousId ? await findVersion(trx, previousId, true) : undefined;
    if (!previous) throw conflict(`Version ${current.version} is the model's first PRODUCTION version: there is none before it to restore.`, 'modelId');
    return changeStage(trx, previous, 'PRODUCTION', {
      by: identity.userId,
      automatic: false,
      reason: `Rolled back: version ${previous.version} restored in place of version ${current.version}.`,
    });
  });
}
