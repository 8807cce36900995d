/**
 * One whole system in its own process, for benchmarks that compare process-wide settings (such
 * as telemetry, which is installed by an `--import` hook). Started by `fork` with its environment;
 * reports `{ gatewayUrl }` over IPC, answers `cpu` with `{ cpuMicros }` (user + system CPU time the
 * process has used so far), stops and exits on `stop`.
 */
import { startStack } from '@cryptograph/app';

const stack = await startStack(process.env);
process.send!({ gatewayUrl: stack.gatewayUrl });
process.on('message', (message) => {
  if (message === 'cpu') {
    const usage = process.cpuUsage();
    process.send!({ cpuMicros: usage.user + usage.system });
    return;
  }
  if (message !== 'stop') return;
  stack.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
process.on('disconnect', () => process.exit(1));
