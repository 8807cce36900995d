import { awaitRedis, createLogger, runUntilSignal, startOrExit } from '@cryptograph/core/base';
import { loadGatewayEnv } from './env.js';
import { createGatewayServer } from './gateway-server.js';
import { limitHeapGrowth } from './process/heap-growth.js';

startOrExit(async () => {
  const env = loadGatewayEnv(process.env);
  limitHeapGrowth(env.HEAP_GROWTH_PERCENT);
  const logger = createLogger('gateway', env.LOG_LEVEL);
  if (env.REDIS_URL) await awaitRedis(env.REDIS_URL, env.STARTUP_WAIT_SECONDS);
  const gateway = await createGatewayServer({ env, logger });
  const url = await gateway.listen();
  logger.info({ url: `${url}/graphql` }, 'gateway listening');
  runUntilSignal(gateway, logger);
});
