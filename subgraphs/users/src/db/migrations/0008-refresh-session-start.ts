import type { Kysely } from 'kysely';

/** Records when each refresh token family (session) started, for the absolute session lifetime; existing families start at their first token. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').addColumn('session_started_at', 'timestamptz').execute();
  await db
    .updateTable('refresh_tokens as token')
    .set((eb) => ({
      session_started_at: eb
        .selectFrom('refresh_tokens as first')
        .select((inner) => inner.fn.min('first.created_at').as('started_at'))
        .whereRef('first.family_id', '=', 'token.family_id'),
    }))
    .execute();
  await db.schema
    .alterTable('refresh_tokens')
    .alterColumn('session_started_at', (column) => column.setNotNull())
    .execute();
}
