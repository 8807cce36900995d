import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type ControlledTransaction, type Generated, type Kysely, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { openDatabase, type DatabaseConnection } from './database-connection.js';
import { SchemaInsideTransaction, schemaOutsideTransaction, type SchemaDb, type SchemaOutsideTransaction } from './schema-db.js';

interface NotesDatabase {
  notes: { id: Generated<number>; body: string };
}

/** Writes one note in a transaction of its own: code like this must be handed the schema, never a transaction. */
async function addNoteAlone(db: SchemaOutsideTransaction<NotesDatabase>, body: string): Promise<void> {
  await db.transaction().execute((trx) => trx.insertInto('notes').values({ body }).execute());
}

describe('the schema outside a transaction, as a type', () => {
  it('refuses a transaction (also a controlled one) where the schema itself is needed', () => {
    expectTypeOf<Transaction<NotesDatabase>>().not.toExtend<SchemaOutsideTransaction<NotesDatabase>>();
    expectTypeOf<ControlledTransaction<NotesDatabase>>().not.toExtend<SchemaOutsideTransaction<NotesDatabase>>();
    // A bare Kysely may be a transaction at run time (Transaction extends Kysely): it has to come from schemaOutsideTransaction.
    expectTypeOf<Kysely<NotesDatabase>>().not.toExtend<SchemaOutsideTransaction<NotesDatabase>>();
  });

  it('is still a SchemaDb, so repositories (which take either) accept it, and a transaction too', () => {
    expectTypeOf<SchemaOutsideTransaction<NotesDatabase>>().toExtend<SchemaDb<NotesDatabase>>();
    expectTypeOf<Transaction<NotesDatabase>>().toExtend<SchemaDb<NotesDatabase>>();
  });
});

describe('the schema outside a transaction, at run time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptograph-schema-db-test-'));
  let connection: DatabaseConnection;
  let db: SchemaOutsideTransaction<NotesDatabase>;

  beforeAll(async () => {
    connection = await openDatabase({ embeddedDir: join(dir, 'pgdata') });
    await sql`create schema notebook`.execute(connection.root);
    await sql`create table notebook.notes (id serial primary key, body text not null)`.execute(connection.root);
    db = schemaOutsideTransaction<NotesDatabase>(connection.root, 'notebook');
  });

  afterAll(async () => {
    await connection?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is scoped to the schema and opens transactions', async () => {
    expect(db.isTransaction).toBe(false);
    await addNoteAlone(db, 'first');
    expect(await db.selectFrom('notes').select('body').execute()).toEqual([{ body: 'first' }]);
  });

  it('is refused when taken from a transaction (SchemaInsideTransaction naming the schema)', async () => {
    await connection.root.transaction().execute(async (trx) => {
      expect(() => schemaOutsideTransaction(trx, 'notebook')).toThrow(SchemaInsideTransaction);
      expect(() => schemaOutsideTransaction(trx, 'notebook')).toThrow('the "notebook" schema was taken from a transaction');
    });
  });

  it('keeps out the transaction that kysely would refuse only at run time', async () => {
    await db.transaction().execute(async (trx) => {
      // @ts-expect-error -- a transaction is not the schema itself: this call is what the type exists to refuse.
      await expect(addNoteAlone(trx, 'nested')).rejects.toThrow(/transaction/);
    });
    expect(await db.selectFrom('notes').select('body').where('body', '=', 'nested').execute()).toEqual([]);
  });
});
