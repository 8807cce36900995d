import { createLogger, listen, openInfrastructure, runUntilSignal, startOrExit } from '@cryptograph/core';
import { loadUsersEnv } from './env.js';
import { createUsersService } from './service.js';

startOrExit(async () => {
  const env = loadUsersEnv(process.env);
  const logger = createLogger('users', env.LOG_LEVEL);
  const infrastructure = await openInfrastructure(env);
  const service = await createUsersService(env, { ...infrastructure, logger });
  const url = await listen(service.app, env.HOST, env.PORT);
  logger.info({ url }, 'users subgraph listening');
  runUntilSignal({ stop: async () => { await service.app.close(); await service.close(); await infrastructure.close(); } }, logger);
});
