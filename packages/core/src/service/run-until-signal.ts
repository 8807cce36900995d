import { createLogger, type Logger } from '../logger.js';
import { operatorErrorOf } from './startup-failure.js';
import { guardProcess } from './process-guards.js';

/** A started service that can be stopped gracefully. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Keeps a started service in the foreground and stops it once on SIGINT/SIGTERM (finishing
 * in-flight work), then exits; a second signal exits at once.
 */
export function runUntilSignal(service: Stoppable, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * Runs the `main` of a process (a service, `npm start`, the worker, the CLI) under `guardProcess`.
 * If it fails, an operator's mistake (invalid environment, unreachable database, refused bootstrap
 * input) is printed as its one line per problem without a stack trace; anything else is logged
 * with its stack. Either way the process exits 1.
 */
export function startOrExit(main: () => Promise<void>): void {
  const logger = createLogger('cryptograph', 'info');
  guardProcess(logger);
  main().catch((error: unknown) => {
    const operatorError = operatorErrorOf(error);
    if (operatorError) console.error(operatorError.message);
    else logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  });
}
