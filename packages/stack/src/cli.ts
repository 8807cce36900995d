import { AppError, openInfrastructure, startOrExit } from '@cryptograph/core';
import { ensureAdmin, loadUsersEnv } from '@cryptograph/users';
import { parseArgs } from 'node:util';

const usage = `Usage: npm run cli -- <command> [options]

Commands:
  create-admin --email <email> --username <name> --password <password>
      Creates the admin, or promotes and reactivates an existing user with that email/username.
`;

/** Fails with the usage text and exit code 2. */
function usageError(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

async function createAdmin(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' } }, strict: true });
  if (!values.email || !values.username || !values.password) usageError('create-admin needs --email, --username and --password.');
  const env = loadUsersEnv(process.env);
  const infrastructure = await openInfrastructure(env);
  try {
    const admin = await ensureAdmin(infrastructure.db, { email: values.email, username: values.username, password: values.password });
    console.log(`Admin ready: ${admin.username} <${admin.email}> (id ${admin.id})`);
  } catch (error) {
    if (error instanceof AppError) usageError(`create-admin: ${error.message}`);
    throw error;
  } finally {
    await infrastructure.close();
  }
}

const commands: Record<string, (args: string[]) => Promise<void>> = { 'create-admin': createAdmin };

startOrExit(async () => {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) usageError(name ? `Unknown command "${name}".` : 'No command given.');
  try {
    await command(args);
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) usageError(error.message);
    throw error;
  }
});
