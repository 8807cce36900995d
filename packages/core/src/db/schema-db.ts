import type { Kysely, Transaction } from 'kysely';
import type { RootDb } from './database-connection.js';

/** A subgraph's schema (its `Tables`), or a transaction in it: what its repositories and services take first. */
export type SchemaDb<Tables> = Kysely<Tables> | Transaction<Tables>;

/**
 * A subgraph's schema itself, never a transaction in it: what code that opens a transaction (`db.transaction()`) takes.
 * A `Transaction` is a `Kysely` too, so the plain `Kysely<Tables>` would accept one and kysely would only refuse its
 * `transaction()` at run time; kysely types a transaction's `isTransaction` as `true`, and this type pins it to `false`.
 */
export type SchemaOutsideTransaction<Tables> = Kysely<Tables> & { readonly isTransaction: false };

/** A schema was asked of a transaction: code that opens transactions needs the database itself. */
export class SchemaInsideTransaction extends Error {
  override name = 'SchemaInsideTransaction';
  constructor(readonly schema: string) {
    super(`the "${schema}" schema was taken from a transaction; code that opens transactions needs the database itself`);
  }
}

/** The database scoped to `schema`, typed by its `Tables`; throws SchemaInsideTransaction when `root` is a transaction. */
export function schemaOutsideTransaction<Tables>(root: RootDb, schema: string): SchemaOutsideTransaction<Tables> {
  if (root.isTransaction) throw new SchemaInsideTransaction(schema);
  return root.withSchema(schema) as SchemaOutsideTransaction<Tables>;
}
