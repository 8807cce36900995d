import { createLogger } from '../logger.js';
import { openInfrastructure } from './open-infrastructure.js';
import { runUntilSignal, startOrExit } from './run-until-signal.js';
import { listen, type SubgraphDependencies, type SubgraphService } from './subgraph-service.js';

/** What a subgraph's own process reads from its env: where it listens, its log level, its database and bus. */
export type SubgraphProcessEnv = Parameters<typeof openInfrastructure>[0] & { readonly HOST: string; readonly PORT: number; readonly LOG_LEVEL: string };

/**
 * Runs one subgraph as its own process (`npm run start:<name>`): parses its env, opens the
 * database and bus, listens, and stops in order on SIGINT/SIGTERM. A bad setting or a failed
 * start ends the process with one line (see `startOrExit`).
 */
export function runSubgraph<E extends SubgraphProcessEnv>(
  name: string,
  loadEnv: () => E,
  createService: (env: E, dependencies: SubgraphDependencies) => Promise<SubgraphService>,
): void {
  startOrExit(async () => {
    const env = loadEnv();
    const logger = createLogger(name, env.LOG_LEVEL);
    const infrastructure = await openInfrastructure(env);
    const service = await createService(env, { ...infrastructure, logger });
    const url = await listen(service.app, env.HOST, env.PORT);
    logger.info({ url }, `${name} subgraph listening`);
    runUntilSignal(
      {
        stop: async () => {
          await service.app.close();
          await service.close();
          await infrastructure.close();
        },
      },
      logger,
    );
  });
}
