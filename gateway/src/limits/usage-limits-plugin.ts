import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { Admission, UsageLimits } from './use-usage-limits.js';

/**
 * Applies the usage limits to every operation Apollo runs (HTTP, and queries and mutations sent over
 * WebSocket): admits it once it is parsed and validated, sets the RateLimit-* headers, and returns
 * the computed cost in the HTTP answer's `extensions.cost` (`{ requested, limit, remaining }`).
 */
export function usageLimitsPlugin(limits: UsageLimits, maxOperationCost: number): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let admission: Admission | undefined;
      return {
        async didResolveOperation({ contextValue, document, operationName, request, schema, response }) {
          admission = await limits.admit(contextValue, schema, document, operationName, request.variables);
          if (admission.rate) for (const [name, value] of Object.entries(limits.headers(admission.rate))) response.http.headers.set(name, value);
        },
        async willSendResponse({ request, response }) {
          // Over HTTP only: WebSocket results stay plain execution results.
          if (!admission || admission.costRemaining === null || !request.http || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested: admission.cost, limit: maxOperationCost, remaining: admission.costRemaining } };
        },
      };
    },
  };
}
