/**
 * `node --import @cryptograph/otel/register` (via tsx in the start scripts): installs the
 * import-in-the-middle loader hook for the modules the instrumentations patch (ESM imports of
 * pg, ioredis and node:http are not seen by require hooks), then starts telemetry before the
 * service's own modules load.
 */
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { startTelemetry } from './start-telemetry.js';

const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
startTelemetry();
await waitForAllMessagesAcknowledged();
