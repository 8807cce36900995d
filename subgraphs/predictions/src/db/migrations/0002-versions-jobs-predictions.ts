import { sql, type Kysely } from 'kysely';

const stages = sql`('DEVELOPMENT', 'STAGING', 'PRODUCTION', 'ARCHIVED')`;

/** Model versions with their stage audit, durable jobs with their event log, evaluations and predictions. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('model_versions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('model_id', 'uuid', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .defaultTo('DEVELOPMENT')
        .check(sql`stage in ${stages}`),
    )
    .addColumn('params', 'jsonb', (c) => c.notNull())
    .addColumn('metrics', 'jsonb', (c) => c.notNull())
    .addColumn('train_from', sql`timestamptz(3)`, (c) => c.notNull())
    .addColumn('train_to', sql`timestamptz(3)`, (c) => c.notNull())
    .addColumn('trained_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('data_fingerprint', 'text', (c) => c.notNull())
    .addColumn('artifact', 'jsonb', (c) => c.notNull())
    .addColumn('job_id', 'uuid', (c) => c.notNull().unique())
    .addUniqueConstraint('model_versions_model_version_key', ['model_id', 'version'])
    .execute();
  await db.schema
    .createIndex('model_versions_one_production_idx')
    .on('model_versions')
    .column('model_id')
    .unique()
    .where(sql.ref('stage'), '=', 'PRODUCTION')
    .execute();

  await db.schema
    .createTable('stage_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('from_stage', 'text')
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'uuid')
    .addColumn('changed_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('stage_changes_version_idx').on('stage_changes').columns(['version_id', 'id']).execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('TRAIN', 'SCORE', 'PREDICT')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('QUEUED')
        .check(sql`status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')`),
    )
    .addColumn('progress', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text')
    .addColumn('error', 'text')
    .addColumn('model_id', 'uuid', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('result', 'jsonb')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_after', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', sql`timestamptz(3)`)
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_by', 'uuid')
    .addColumn('created_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', sql`timestamptz(3)`)
    .addColumn('finished_at', sql`timestamptz(3)`)
    .execute();
  await db.schema.createIndex('jobs_runnable_idx').on('jobs').columns(['status', 'run_after', 'created_at']).execute();

  await db.schema
    .createTable('job_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('job_id', 'uuid', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('job_events_job_idx').on('job_events').columns(['job_id', 'id']).execute();

  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('job_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('metrics', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('evaluations_version_idx').on('evaluations').columns(['version_id', 'created_at']).execute();

  await db.schema
    .createTable('predictions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('model_id', 'uuid', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('symbol', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('ts', sql`timestamptz(3)`, (c) => c.notNull())
    .addColumn('target_ts', sql`timestamptz(3)`, (c) => c.notNull())
    .addColumn('outcome_at', sql`timestamptz(3)`, (c) => c.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('realized', 'double precision')
    .addColumn('error', 'double precision')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('PENDING')
        .check(sql`status in ('PENDING', 'REALIZED', 'STALE')`),
    )
    .addUniqueConstraint('predictions_version_ts_key', ['version_id', 'ts'])
    .execute();
  await db.schema.createIndex('predictions_symbol_target_idx').on('predictions').columns(['symbol', 'target', 'id']).execute();
  await db.schema.createIndex('predictions_model_idx').on('predictions').columns(['model_id', 'id']).execute();
  await db.schema.createIndex('predictions_pending_idx').on('predictions').columns(['status', 'symbol', 'outcome_at']).execute();
}
