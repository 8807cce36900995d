import type { GatewayPlugin } from '../gateway-plugin.js';

/** Settings of read-your-writes. */
export interface FreshAfterMutationsOptions {
  /** Makes every shared execution and subgraph fetch in flight unjoinable for later operations. */
  readonly forgetShared: () => void;
}

/**
 * Read your own writes under sharing: when a mutation completes, the query executions and subgraph
 * fetches still in flight (in-flight deduplication, the data sources' fetch sharing) may have read
 * what it changed, and not only for its caller (an admin's change shows in other users' answers),
 * so a query sent after it never joins them: it runs anew. Placed before sharing and execution.
 */
export function useFreshAfterMutations(options: FreshAfterMutationsOptions): GatewayPlugin {
  return {
    name: 'fresh-after-mutations',
    onOperation(operation, next) {
      const outcome = next();
      if (operation.definition?.operation === 'mutation') outcome.then(options.forgetShared, options.forgetShared);
      return outcome;
    },
  };
}
