import { OperatorError } from '../../errors/operator-error.js';
import { startOrExit } from '../run-until-signal.js';

// A process started like every service (`startOrExit`) that fails the way argv[2] says.
const mode = process.argv[2];

startOrExit(async () => {
  if (mode === 'operator-error') throw new OperatorError('ADMIN_PASSWORD', 'must be at least 12 characters');
  if (mode === 'startup-bug') throw new TypeError('cannot read properties of undefined');
  if (mode === 'stray-rejection') {
    // A plain-object rejection nobody handles, like the one graphql-ws once raised in the gateway (e2e/faults/unreachable-subgraph.test.ts).
    setTimeout(() => void Promise.reject({ code: 1000, reason: 'All Subscriptions Gone' }), 10);
    setTimeout(() => process.exit(0), 5_000);
  }
});
