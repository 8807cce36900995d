import { inspect } from 'node:util';
import type { Logger } from '../logger.js';

let guarded = false;

/**
 * Last line of defence of a service process: an exception or promise rejection that nothing
 * handled means the process is in a state no code foresaw (a programming error: every failure of
 * a peer is handled where it happens), so it is logged with its stack or reason and the process
 * exits 1 for its supervisor to restart it. Installed once per process.
 */
export function guardProcess(logger: Logger): void {
  if (guarded) return;
  guarded = true;
  const die = (origin: string, reason: unknown) => {
    const details = reason instanceof Error ? { err: reason } : { reason: inspect(reason, { depth: 4 }) };
    logger.fatal({ ...details, origin }, 'unexpected error: the process is in an unknown state and exits');
    process.exit(1);
  };
  process.on('unhandledRejection', (reason) => die('unhandledRejection', reason));
  process.on('uncaughtException', (error, origin) => {
    // Under --unhandled-rejections=strict a rejection arrives here first, wrapped in an error that
    // hides a non-Error reason; the `unhandledRejection` event with the reason itself follows at once.
    if (origin === 'unhandledRejection') setImmediate(() => die(origin, error));
    else die(origin, error);
  });
}
