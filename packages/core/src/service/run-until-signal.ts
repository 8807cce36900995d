import { isOperatorError } from '../errors/operator-error.js';
import type { Logger } from '../logger.js';

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

/** Runs `main`; an operator's mistake (invalid environment, refused bootstrap input) is printed without a stack trace. */
export function startOrExit(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(isOperatorError(error) ? error.message : error);
    process.exit(1);
  });
}
