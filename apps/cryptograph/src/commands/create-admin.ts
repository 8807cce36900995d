import { openInfrastructure } from '@cryptograph/core';
import { ensureAdmin, loadUsersEnv } from '@cryptograph/users';
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/** `create-admin`: creates an admin account; an account that already holds the email or username is never promoted. */
export async function createAdminCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' } }, strict: true });
  if (!values.email || !values.username || !values.password) throw new UsageError('create-admin needs --email, --username and --password.');
  const env = loadUsersEnv(process.env);
  const infrastructure = await openInfrastructure(env);
  try {
    const admin = await ensureAdmin(
      infrastructure.db,
      { email: values.email, username: values.username, password: values.password },
      { email: '--email', username: '--username', password: '--password' },
    );
    console.log(`Admin ready: ${admin.username} <${admin.email}> (id ${admin.id})`);
  } finally {
    await infrastructure.close();
  }
}
