import { apolloGatewayModule, apolloInternalsReproduced } from './apollo-gateway-internals.js';
import { createQueryPlanExecution, type ExecuteQueryPlan } from './query-plan-execution.js';

/** @apollo/gateway's query plan execution module: its executor calls `executeQueryPlan` through this exports object at every operation. */
const executionModule = apolloGatewayModule<{ executeQueryPlan: ExecuteQueryPlan }>('executeQueryPlan');

/** Apollo's own `executeQueryPlan`, as shipped (the reference of the tests, and what runs for requests that capture usage-reporting traces). */
export const apolloExecuteQueryPlan = executionModule.executeQueryPlan;

/** Runs a query plan with whichever `executeQueryPlan` the executor uses now: ours once `useFastQueryPlanExecution` installed it. */
export const executeQueryPlan: ExecuteQueryPlan = (...args) => executionModule.executeQueryPlan(...args);

/**
 * Makes @apollo/gateway's executor run query plans with `query-plan-execution.ts` (the same
 * fetches, spans and answers, far fewer allocations per request) instead of its own
 * `executeQueryPlan`: the executor calls it as a property of the module's exports, so replacing the
 * property is enough. Only for the version it was written against (`reproducedApolloGatewayVersion`): any other version keeps
 * Apollo's own, and this returns false (the caller logs it). Idempotent.
 */
export function useFastQueryPlanExecution(): boolean {
  if (!apolloInternalsReproduced || typeof apolloExecuteQueryPlan !== 'function') return false;
  if (executionModule.executeQueryPlan === apolloExecuteQueryPlan) executionModule.executeQueryPlan = createQueryPlanExecution(apolloExecuteQueryPlan);
  return true;
}
