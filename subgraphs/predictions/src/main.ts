import { createLogger, listen, openInfrastructure, runUntilSignal, startOrExit } from '@cryptograph/core';
import { loadPredictionsEnv } from './env.js';
import { createPredictionsService } from './service.js';

startOrExit(async () => {
  const env = loadPredictionsEnv(process.env);
  const logger = createLogger('predictions', env.LOG_LEVEL);
  const infrastructure = await openInfrastructure(env);
  const service = await createPredictionsService(env, { ...infrastructure, logger });
  const url = await listen(service.app, env.HOST, env.PORT);
  logger.info({ url }, 'predictions subgraph listening');
  runUntilSignal({ stop: async () => { await service.app.close(); await service.close(); await infrastructure.close(); } }, logger);
});
