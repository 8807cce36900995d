import { awaitRedis, createLogger, runUntilSignal, startOrExit } from '@cryptograph/core';
import { loadGatewayEnv } from './env.js';
import { createGatewayServer } from './gateway-server.js';

startOrExit(async () => {
  const env = loadGatewayEnv(process.env);
  const logger = createLogger('gateway', env.LOG_LEVEL);
  if (env.REDIS_URL) await awaitRedis(env.REDIS_URL, env.STARTUP_WAIT_SECONDS);
  const gateway = await createGatewayServer({ env, logger });
  const url = await gateway.listen();
  logger.info({ url: `${url}/graphql` }, 'gateway listening');
  runUntilSignal(gateway, logger);
});
