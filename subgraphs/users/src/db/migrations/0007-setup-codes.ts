import { sql, type Kysely } from 'kysely';

/** Creates the setup_codes table: hashes of the one-time codes that let the first sign-up of an installation without an admin become the admin. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('setup_codes')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code_hash', 'text', (column) => column.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (column) => column.notNull().defaultTo(sql`now()`))
    .execute();
}
