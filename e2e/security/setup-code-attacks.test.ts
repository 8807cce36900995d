// Security table, the one-time setup code of an installation without an admin, over HTTP, graphql-ws and graphql-sse (both modes): five sign-ups
// racing with one code make exactly one admin; the used code and a code replaced by a newer one are refused with one message that tells
// nothing more (a code on an installation that has an admin: identity-attacks.test.ts).
import { openDatabase, type DatabaseConnection } from '@cryptograph/core';
import { testEnvironment } from '@cryptograph/testing';
import { issueSetupCode } from '@cryptograph/users';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { newCredentials } from '../support/accounts.js';
import { burst, perVariant, refused, runAttackTable, tally, attack, type AttackRow } from '../support/attack-table.js';
import { signupMutation } from '../support/operations.js';
import { startPlainStack, type TestStack } from '../support/stack.js';

interface Context {
  readonly stack: TestStack;
  readonly database: DatabaseConnection;
}

let context: Context;

/** The admins of the installation, by username. */
async function admins(database: DatabaseConnection): Promise<string[]> {
  return (await database.root.withSchema('users').selectFrom('users').select('username').where('role', '=', 'ADMIN').where('active', '=', true).execute()).map(
    (row) => row.username as string,
  );
}

/**
 * Puts the installation back to "no admin yet" (as on a fresh install: the admins a row made are
 * demoted in the database) and issues a new setup code, as a start prints it.
 */
async function freshInstallCode(database: DatabaseConnection): Promise<string> {
  await database.root.withSchema('users').updateTable('users').set({ role: 'VIEWER' }).where('role', '=', 'ADMIN').execute();
  const code = await issueSetupCode(database);
  if (!code) throw new Error('no setup code was issued');
  return code;
}

describe.runIf(testEnvironment().databaseUrl)('the one-time setup code', () => {
  beforeAll(async () => {
    const stack = await startPlainStack();
    context = { stack, database: await openDatabase({ url: stack.env.DATABASE_URL!, poolSize: 2 }) };
  });

  afterAll(async () => {
    await context?.database.close();
    await context?.stack.stop();
  });

  /** One code per variant, used by the racing sign-ups of that variant. */
  const racedCode = perVariant(() => freshInstallCode(context.database));
  /** A code issued and then replaced by a newer one (a restart), per variant. */
  const replacedCode = perVariant(async () => {
    const older = await freshInstallCode(context.database);
    await freshInstallCode(context.database);
    return older;
  });
  const signupWithCode =
    (code: (variant: Parameters<typeof racedCode>[0]) => Promise<string>) => async (_c: Context, variant: Parameters<typeof racedCode>[0]) => ({
      query: signupMutation,
      variables: { input: { ...newCredentials('founder'), setupCode: await code(variant) } },
    });
  const invalidCode = refused('BAD_USER_INPUT', { message: /^The setup code is not valid\.$/, extensions: { field: 'setupCode' } });

  const rows: AttackRow<Context>[] = [
    burst(
      'five sign-ups racing with one code: exactly one becomes the admin',
      () => ({}),
      signupWithCode(racedCode),
      5,
      async (outcomes) => {
        expect(tally(outcomes)).toEqual({ answered: 1, BAD_USER_INPUT: 4 });
        const winner = outcomes.find((outcome) => outcome.errors.length === 0)!.results.at(-1)!.data as {
          signup: { user: { username: string; role: string } };
        };
        expect(winner.signup.user.role).toBe('ADMIN');
        expect(await admins(context.database)).toEqual([winner.signup.user.username]);
      },
    ),
    attack('the code once it was used', () => ({}), signupWithCode(racedCode), invalidCode),
    attack('a code a newer one replaced', () => ({}), signupWithCode(replacedCode), invalidCode),
  ];

  runAttackTable(
    'setup code attacks over every transport',
    () => context,
    (c) => c.stack.gatewayUrl,
    rows,
  );
});
