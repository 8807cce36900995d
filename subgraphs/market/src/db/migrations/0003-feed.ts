import { sql, type Kysely } from 'kysely';

/**
 * The feed: candles carry whether the simulation invented them, the one-row `feed_state` holds
 * what the running feed reports (so every replica answers `marketFeed` alike), and the seed marker
 * gains a version so a newer release can complete an older installation's seeding once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('candles')
    .addColumn('simulated', 'boolean', (column) => column.notNull().defaultTo(false))
    .execute();
  await db.schema
    .alterTable('installation')
    .addColumn('seed_version', 'integer', (column) => column.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('feed_state')
    .addColumn('id', 'boolean', (column) =>
      column
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('mode', 'text', (column) => column.notNull().check(sql`mode in ('live', 'replay', 'simulated', 'off')`))
    .addColumn('source', 'text', (column) => column.check(sql`source in ('LIVE', 'REPLAY', 'SIMULATED')`))
    .addColumn('speed', 'float8')
    .addColumn('clock', sql`timestamptz(3)`)
    .addColumn('symbols', sql`text[]`, (column) => column.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('leader', 'text', (column) => column.notNull())
    .addColumn('advanced_at', sql`timestamptz(3)`)
    .addColumn('heartbeat_at', sql`timestamptz(3)`, (column) => column.notNull())
    .execute();
}
