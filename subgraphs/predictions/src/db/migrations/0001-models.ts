import { sql, type Kysely } from 'kysely';

/** Creates the model registry table. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('models')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('symbol', 'text', (column) => column.notNull())
    .addColumn('target', 'text', (column) => column.notNull().check(sql`target in ('VOLATILITY', 'RETURN')`))
    .addColumn('algorithm', 'text', (column) => column.notNull().check(sql`algorithm in ('NAIVE', 'EWMA', 'RIDGE', 'HAR')`))
    .addColumn('interval', 'text', (column) => column.notNull().check(sql`interval in ('M1', 'M5', 'M15', 'H1', 'H4', 'D1')`))
    .addColumn('horizon', 'integer', (column) => column.notNull().check(sql`horizon between 1 and 500`))
    .addColumn('params', 'jsonb', (column) => column.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('owner_id', 'uuid', (column) => column.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (column) => column.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('models_owner_name_key', ['owner_id', 'name'])
    .execute();
  await db.schema.createIndex('models_symbol_target_idx').on('models').columns(['symbol', 'target', 'created_at']).execute();
  await db.schema.createIndex('models_created_at_idx').on('models').columns(['created_at', 'id']).execute();
}
