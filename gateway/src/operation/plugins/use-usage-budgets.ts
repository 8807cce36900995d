import { ErrorCode } from '@cryptograph/core/base';
import { usageKeyOf, type UsageBudgets } from '../../limits/usage-budgets.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { payPerEvent } from './pay-per-event.js';

/** Settings of the budgets plugin. */
export interface UsageBudgetsPluginOptions {
  readonly budgets: UsageBudgets;
  /** The largest cost of one operation, reported in `extensions.cost.limit`. */
  readonly maxOperationCost: number;
  /** Logs a failed follow-up charge. */
  readonly onUnexpected: (error: unknown) => void;
}

/**
 * Charges every operation to its caller's budgets (the API key, else the user, else the address;
 * shared by every gateway through Redis): one request against the rate limit and its cost
 * against the cost budget, RATE_LIMITED (429, Retry-After) past either. Transports with response
 * metadata (HTTP) get the RateLimit-* headers and `extensions.cost = { requested, limit,
 * remaining }`. A subscription also pays, for every event delivered, its follow-up cost (what each
 * event makes the federation resolve beyond the event itself: its cost minus the root object);
 * when the budget runs out the subscription ends with RATE_LIMITED.
 */
export function useUsageBudgets(options: UsageBudgetsPluginOptions): GatewayPlugin {
  const { budgets } = options;
  return {
    name: 'usage-budgets',
    async onOperation(operation, next) {
      const key = usageKeyOf(operation.context);
      const admission = await budgets.admit(key, operation.cost);
      if (operation.capabilities.metadata) {
        if (admission.rate) operation.responseHeaders = { ...operation.responseHeaders, ...budgets.headers(admission.rate) };
        if (admission.costRemaining !== null) {
          operation.responseExtensions = {
            ...operation.responseExtensions,
            cost: { requested: operation.cost, limit: options.maxOperationCost, remaining: admission.costRemaining },
          };
        }
      }
      const outcome = await next();
      const perEvent = operation.cost - 1;
      if (outcome.kind !== 'stream' || !budgets.costEnabled || perEvent <= 0) return outcome;
      return payPerEvent(outcome, {
        charge: (events) => budgets.chargeFollowUp(key, perEvent * events),
        exhausted: (retryAfter) => ({
          message: `Your cost budget of ${budgets.costPerMinute} per minute is spent: every event of this subscription costs ${perEvent}. Subscribe again in ${retryAfter} s.`,
          extensions: { code: ErrorCode.RATE_LIMITED, retryAfter, cost: perEvent, limit: budgets.costPerMinute },
        }),
        onUnexpected: options.onUnexpected,
      });
    },
  };
}
