import { createTestDatabase, runCommand, testEnvironment, type CommandResult } from '@cryptograph/testing';

/** Runs `npm run cli -- <args>` as a process; resolves with its exit code and output. */
export function runCli(args: string[], env: Record<string, string>): Promise<CommandResult> {
  return runCommand({ entry: 'apps/cryptograph/src/cli.ts', args, env: { ...env, LOG_LEVEL: 'silent' }, telemetry: false }, 120_000);
}

/** The CLI's environment in a test: a fresh database of the test Postgres server, `dataDir`, no market seeding and no feed. */
export async function cliTestEnv(dataDir: string): Promise<Record<string, string>> {
  return {
    DATABASE_URL: await createTestDatabase(testEnvironment().databaseUrl!),
    DATA_DIR: dataDir,
    MARKET_SEED_DATA: 'false',
    REPLAY_SPEED: '0',
    NODE_ENV: 'test',
  };
}
