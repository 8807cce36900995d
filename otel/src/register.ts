/**
 * `node --import @cryptograph/otel/register` (via tsx in the start scripts): installs the
 * import-in-the-middle loader hook for the modules the instrumentations patch (ESM imports of
 * pg, ioredis and node:http are not seen by require hooks), then starts telemetry before the
 * service's own modules load. Invalid OTEL_* variables end the process with one line per problem.
 */
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { envErrorName } from './env/env-issues.js';
import { startTelemetry } from './start-telemetry.js';

const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
try {
  startTelemetry();
} catch (error) {
  if (!(error instanceof Error && error.name === envErrorName)) throw error;
  console.error(error.message);
  process.exit(1);
}
await waitForAllMessagesAcknowledged();
