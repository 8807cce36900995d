import { Migrator, sql, type Migration } from 'kysely';
import type { RootDb } from './database-connection.js';
import { schemaOutsideTransaction, type SchemaOutsideTransaction } from './schema-db.js';

/**
 * Brings `schema` up to date with `migrations` (name → migration, applied in name order).
 * Forward only: a database that has a migration this code does not know is refused.
 * Concurrent starts are safe: kysely holds an advisory lock while migrating.
 */
export async function runMigrations(root: RootDb, schema: string, migrations: Record<string, Migration>): Promise<void> {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(root);
  const migrator = new Migrator({
    db: root.withSchema(schema),
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
    allowUnorderedMigrations: false,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`Migrating schema "${schema}" failed${failed ? ` at ${failed}` : ''}: ${String(error)}`, { cause: error });
  }
}

/** Brings `schema` up to date (see `runMigrations`) and returns the database scoped to it, typed by its `Tables`. */
export async function migratedSchema<Tables>(root: RootDb, schema: string, migrations: Record<string, Migration>): Promise<SchemaOutsideTransaction<Tables>> {
  await runMigrations(root, schema, migrations);
  return schemaOutsideTransaction<Tables>(root, schema);
}
