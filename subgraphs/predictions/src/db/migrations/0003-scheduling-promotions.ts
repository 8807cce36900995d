import { sql, type Kysely } from 'kysely';

const stages = sql`('DEVELOPMENT', 'STAGING', 'PRODUCTION', 'ARCHIVED')`;

/**
 * What models that run themselves need: new algorithms, default models (`default_key`), the trigger
 * of each version, promotions with their evidence (replacing `stage_changes`, whose rows are carried
 * over), scoring windows as requested, the scheduler's persisted state (feed clock, last predicted
 * bar and last retrain per model, removed assets) and restated predictions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('models').dropConstraint('models_algorithm_check').ifExists().execute();
  await db.schema
    .alterTable('models')
    .addCheckConstraint('models_algorithm_check', sql`algorithm in ('NAIVE', 'EWMA', 'RIDGE', 'HAR', 'LOG_HAR', 'COMBINED')`)
    .execute();
  await db.schema.alterTable('models').addColumn('default_key', 'text').execute();
  await db.schema
    .createIndex('models_default_key_idx')
    .on('models')
    .columns(['symbol', 'default_key'])
    .unique()
    .where(sql.ref('default_key'), 'is not', null)
    .execute();

  await db.schema
    .alterTable('model_versions')
    .addColumn('trigger', 'text', (c) =>
      c
        .notNull()
        .defaultTo('MANUAL')
        .check(sql`trigger in ('MANUAL', 'SCHEDULED', 'DEFAULT')`),
    )
    .execute();

  await db.schema
    .createTable('promotions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('version_id', 'uuid', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('from_stage', 'text', (c) => c.check(sql`from_stage in ${stages}`))
    .addColumn('stage', 'text', (c) => c.notNull().check(sql`stage in ${stages}`))
    .addColumn('at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('by', 'uuid')
    .addColumn('automatic', 'boolean', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('champion_skill', 'double precision')
    .addColumn('challenger_skill', 'double precision')
    .addColumn('eval_from', sql`timestamptz(3)`)
    .addColumn('eval_to', sql`timestamptz(3)`)
    .execute();
  await db.schema.createIndex('promotions_version_idx').on('promotions').columns(['version_id', 'id']).execute();
  await db
    .insertInto('promotions')
    .columns(['version_id', 'from_stage', 'stage', 'at', 'by', 'automatic', 'reason'])
    .expression(
      db
        .selectFrom('stage_changes')
        .select([
          'version_id',
          'from_stage',
          'to_stage',
          'changed_at',
          'changed_by',
          sql<boolean>`changed_by is null`.as('automatic'),
          sql<string>`case when from_stage is null then 'Trained.' else 'Recorded before promotions carried their evidence.' end`.as('reason'),
        ])
        .orderBy('id'),
    )
    .execute();
  await db.schema.dropTable('stage_changes').execute();

  await db.schema
    .alterTable('evaluations')
    .addColumn('window_from', sql`timestamptz(3)`)
    .addColumn('window_to', sql`timestamptz(3)`)
    .execute();
  await db
    .updateTable('evaluations')
    .set({ window_from: sql`(metrics->>'evalFrom')::timestamptz`, window_to: sql`(metrics->>'evalTo')::timestamptz` })
    .execute();

  await db.schema
    .createTable('model_schedules')
    .addColumn('model_id', 'uuid', (c) => c.primaryKey().references('models.id').onDelete('cascade'))
    .addColumn('predicted_through', sql`timestamptz(3)`)
    .addColumn('retrained_at', sql`timestamptz(3)`)
    .addColumn('updated_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('feed_clock')
    .addColumn('symbol', 'text', (c) => c.primaryKey())
    .addColumn('feed_time', sql`timestamptz(3)`, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('removed_assets')
    .addColumn('symbol', 'text', (c) => c.primaryKey())
    .addColumn('removed_at', sql`timestamptz(3)`, (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .alterTable('predictions')
    .addColumn('restated', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}
