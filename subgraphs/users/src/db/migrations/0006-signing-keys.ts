import { sql, type Kysely } from 'kysely';

/** Creates the signing_keys table: public halves of the keys access tokens are signed with, published as the JWKS until their tokens have expired. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (column) => column.primaryKey())
    .addColumn('public_jwk', 'text', (column) => column.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('verify_until', sql`timestamptz(3)`, (column) => column.notNull())
    .execute();
}
