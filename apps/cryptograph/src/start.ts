import { createLogger, runUntilSignal, startOrExit } from '@cryptograph/core';
import { startStack } from './start-stack.js';

startOrExit(async () => {
  const stack = await startStack(process.env);
  const logger = createLogger('cryptograph', 'info');
  logger.info(
    {
      graphql: `${stack.gatewayUrl}/graphql`,
      subscriptions: `${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql`,
      health: `${stack.gatewayUrl}/health`,
      embedded: stack.embedded,
    },
    'Cryptograph is running',
  );
  console.log(
    `\nCryptograph is running\n  Dashboard:     ${stack.gatewayUrl}/\n  GraphQL:       ${stack.gatewayUrl}/graphql\n  Subscriptions: ${stack.gatewayUrl.replace(/^http/, 'ws')}/graphql (graphql-ws), ${stack.gatewayUrl}/graphql/stream (SSE)\n  Health:        ${stack.gatewayUrl}/health\n  Data:          ${stack.embedded ? 'embedded Postgres (PGlite) under DATA_DIR' : 'DATABASE_URL'}\nPress Ctrl+C to stop.\n`,
  );
  runUntilSignal(stack, logger);
});
