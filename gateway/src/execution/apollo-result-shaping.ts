import { apolloGatewayModule, apolloInternalsReproduced } from './apollo-gateway-internals.js';
import { computeResponse, type ComputeResponseInput, type ComputeResponseOutput } from './result-shaping.js';

/** @apollo/gateway's result shaping module: its `executeQueryPlan` calls `computeResponse` through this exports object at every query. */
const resultShaping = apolloGatewayModule<{ computeResponse: (input: ComputeResponseInput) => ComputeResponseOutput }>('resultShaping');

/** Apollo's own `computeResponse`, as shipped (the reference of the tests). */
export const apolloComputeResponse = resultShaping.computeResponse;

/**
 * Makes @apollo/gateway's executor shape results with `result-shaping.ts` (the same output, far
 * fewer allocations) instead of its own `computeResponse`: `executeQueryPlan` calls it as a
 * property of the module's exports, so replacing the property is enough. Only for the version it
 * was written against: any other version keeps Apollo's own, and this returns false (the caller
 * logs it). Idempotent.
 */
export function useFastResultShaping(): boolean {
  if (!apolloInternalsReproduced || typeof apolloComputeResponse !== 'function') return false;
  resultShaping.computeResponse = computeResponse;
  return true;
}
