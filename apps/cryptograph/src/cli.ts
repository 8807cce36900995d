import { startOrExit } from '@cryptograph/core';
import { createAdminCommand } from './commands/create-admin.js';
import { CommandFailed } from './commands/command-failed.js';
import { importCandlesCommand } from './commands/import-candles.js';
import { replayCommand } from './commands/replay.js';
import { trainCommand } from './commands/train.js';
import { usage, UsageError } from './commands/usage-error.js';

const commands: Record<string, (args: string[]) => Promise<void>> = {
  'create-admin': createAdminCommand,
  'import-candles': importCandlesCommand,
  replay: replayCommand,
  train: trainCommand,
};

/** Prints a command-line mistake with the usage text and exits with code 2. */
function usageError(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

startOrExit(async () => {
  const [name, ...args] = process.argv.slice(2);
  if (name === 'help' || name === '--help' || name === '-h') {
    console.log(usage);
    return;
  }
  const command = name ? commands[name] : undefined;
  if (!command) usageError(name ? `Unknown command "${name}".` : 'No command given.');
  try {
    await command(args);
  } catch (error) {
    if (error instanceof UsageError) usageError(error.message);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) usageError(error.message);
    if (error instanceof CommandFailed) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
});
