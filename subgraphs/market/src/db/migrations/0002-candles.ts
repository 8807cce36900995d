import { sql, type Kysely } from 'kysely';

/** Creates the candles table (native 1m/1d bars keyed by symbol, interval, ts) and the seed marker. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('candles')
    .addColumn('symbol', 'text', (column) => column.notNull().references('assets.symbol'))
    .addColumn('interval', 'text', (column) => column.notNull().check(sql`interval in ('1m', '1d')`))
    .addColumn('ts', sql`timestamptz(0)`, (column) => column.notNull())
    .addColumn('open', 'float8', (column) => column.notNull())
    .addColumn('high', 'float8', (column) => column.notNull())
    .addColumn('low', 'float8', (column) => column.notNull())
    .addColumn('close', 'float8', (column) => column.notNull())
    .addColumn('volume', 'float8', (column) => column.notNull().check(sql`volume >= 0`))
    .addPrimaryKeyConstraint('candles_pkey', ['symbol', 'interval', 'ts'])
    .addCheckConstraint('candles_ohlc', sql`high >= greatest(open, close) and low <= least(open, close)`)
    .execute();
  await db.schema
    .createTable('installation')
    .addColumn('id', 'boolean', (column) =>
      column
        .primaryKey()
        .defaultTo(true)
        .check(sql`id`),
    )
    .addColumn('seeded_at', sql`timestamptz(3)`, (column) => column.notNull())
    .execute();
}
