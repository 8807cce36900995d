import type { PredictionsDb, PredictionsTransaction } from '../db/predictions-database.js';
import type { VersionMetrics } from '../forecasting/metrics.js';

/** One scoring run of a version: its metrics on the window [from, to). */
export interface NewEvaluation {
  readonly versionId: string;
  readonly jobId: string;
  readonly metrics: VersionMetrics;
  readonly from: Date;
  readonly to: Date;
}

/** A stored scoring run, as `bestModel` compares them. */
export interface StoredEvaluation {
  readonly versionId: string;
  readonly from: Date | null;
  readonly to: Date | null;
  readonly metrics: VersionMetrics;
}

/** Records a scoring run; a retried job that already recorded its run records nothing. */
export async function insertEvaluation(trx: PredictionsTransaction, evaluation: NewEvaluation): Promise<void> {
  await trx
    .insertInto('evaluations')
    .values({
      version_id: evaluation.versionId,
      job_id: evaluation.jobId,
      metrics: JSON.stringify(evaluation.metrics),
      window_from: evaluation.from,
      window_to: evaluation.to,
    })
    .onConflict((oc) => oc.column('job_id').doNothing())
    .execute();
}

/** The newest scoring metrics of a version, if it was scored. */
export async function latestEvaluation(db: PredictionsDb, versionId: string): Promise<VersionMetrics | undefined> {
  const row = await db
    .selectFrom('evaluations')
    .select('metrics')
    .where('version_id', '=', versionId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.metrics;
}

/** Every scoring run of these versions, newest first. */
export async function evaluationsOfVersions(db: PredictionsDb, versionIds: readonly string[]): Promise<StoredEvaluation[]> {
  if (versionIds.length === 0) return [];
  const rows = await db
    .selectFrom('evaluations')
    .select(['version_id', 'window_from', 'window_to', 'metrics'])
    .where('version_id', 'in', versionIds)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({ versionId: row.version_id, from: row.window_from, to: row.window_to, metrics: row.metrics }));
}
