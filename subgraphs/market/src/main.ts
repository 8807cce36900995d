import { createLogger, listen, openInfrastructure, runUntilSignal, startOrExit } from '@cryptograph/core';
import { loadMarketEnv } from './env.js';
import { createMarketService } from './service.js';

startOrExit(async () => {
  const env = loadMarketEnv(process.env);
  const logger = createLogger('market', env.LOG_LEVEL);
  const infrastructure = await openInfrastructure(env);
  const service = await createMarketService(env, { ...infrastructure, logger });
  const url = await listen(service.app, env.HOST, env.PORT);
  logger.info({ url }, 'market subgraph listening');
  runUntilSignal({ stop: async () => { await service.app.close(); await service.close(); await infrastructure.close(); } }, logger);
});
