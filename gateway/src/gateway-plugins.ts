import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { EventBus, Logger } from '@cryptograph/core/base';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import type { CredentialRevocations } from './auth/credential-revocations.js';
import type { GatewayEnv } from './env.js';
import { createUsageBudgets } from './limits/usage-budgets.js';
import type { GatewayPlugin } from './operation/gateway-plugin.js';
import { useConnectionCap } from './operation/plugins/use-connection-cap.js';
import { useCostLimit } from './operation/plugins/use-cost-limit.js';
import { useCredentialCheck } from './operation/plugins/use-credential-check.js';
import { useCredentialExpiry } from './operation/plugins/use-credential-expiry.js';
import { useCredentialRecheck } from './operation/plugins/use-credential-recheck.js';
import { useErrorPolicy } from './operation/plugins/use-error-policy.js';
import { useExecution } from './operation/plugins/use-execution.js';
import { useFreshAfterMutations } from './operation/plugins/use-fresh-after-mutations.js';
import { useInflightDeduplication, type InflightDeduplication } from './operation/plugins/use-inflight-deduplication.js';
import { countRemovedAnswer, useResponseCache, type ResponseCache } from './operation/plugins/use-response-cache.js';
import { useOperationLimits } from './operation/plugins/use-operation-limits.js';
import { useOperationMetrics } from './operation/plugins/use-operation-metrics.js';
import { useParser } from './operation/plugins/use-parser.js';
import { usePersistedOperations } from './operation/plugins/use-persisted-operations.js';
import { useRevocation } from './operation/plugins/use-revocation.js';
import { useSubscriptionCap } from './operation/plugins/use-subscription-cap.js';
import { useUsageBudgets } from './operation/plugins/use-usage-budgets.js';
import { useValidation } from './operation/plugins/use-validation.js';
import { watchMarketInvalidation } from './response-cache/market-invalidation.js';
import { publicDataPolicy } from './response-cache/public-data-policy.js';
import { createResponseCacheStore } from './response-cache/response-cache-store.js';
import type { SubscriptionService } from './subscriptions/subscription-service.js';

/** What the gateway's policies are built from. */
export interface GatewayPluginsOptions {
  readonly env: GatewayEnv;
  /** The API schema (from @apollo/gateway). */
  readonly schema: GraphQLSchema;
  readonly executor: GatewayExecutor;
  readonly subscriptions: SubscriptionService;
  readonly revocations: CredentialRevocations;
  readonly formatError: (error: GraphQLFormattedError) => GraphQLFormattedError;
  readonly logger: Logger;
  readonly onUnexpected: (error: unknown) => void;
  /** Where subscriptions are served, for the answer to one sent over plain HTTP. */
  readonly subscriptionEndpoints: string;
  /** The installation's event bus: the response cache learns there what changed (no bus, no cache). */
  readonly bus: EventBus | undefined;
  /** Coordinates tagged `@tag(name: "personal")` in the supergraph: never shared across users. */
  readonly personalFields: ReadonlySet<string>;
  /** Later query fetches of the subgraph (of every subgraph when omitted) no longer share the requests in flight now. */
  readonly forgetSharedFetches: (subgraph?: string) => void;
}

/** The ordered plugins and what to release when the gateway stops. */
export interface GatewayPlugins {
  readonly plugins: readonly GatewayPlugin[];
  /** The response cache, when it is on. */
  readonly responseCache: ResponseCache | undefined;
  close(): Promise<void>;
}

/**
 * The gateway's one pipeline, for HTTP, graphql-ws and SSE alike, in the order the plugins run.
 * Connections (WebSocket, SSE) first pass the connection cap, then register for revocations, for
 * checks of their credential as often as the caches would check it, and for its expiry. Each operation is measured and has its errors formatted (outermost),
 * gets its document text (APQ, or the safelist, which refuses before anything is parsed), is
 * parsed, checked against the shape limits before the full validation, validated, authorized
 * with the connection's credential as it stands now, costed, charged to its caller's budgets,
 * capped (subscriptions), answered from the response cache (public market data) or from an
 * identical query executing at the same time (never one that began before a mutation of this
 * gateway completed), and executed.
 */
export function gatewayPlugins(options: GatewayPluginsOptions): GatewayPlugins {
  const { env, schema, onUnexpected } = options;
  const persisted = usePersistedOperations({
    redisUrl: env.REDIS_URL,
    keyPrefix: env.EVENT_BUS_PREFIX,
    ttlSeconds: env.APQ_TTL_SECONDS,
    safelist: env.GRAPHQL_SAFELIST,
    documentsPath: env.GRAPHQL_PERSISTED_DOCUMENTS,
    onUnexpected,
  });
  const budgets = createUsageBudgets({
    redisUrl: env.REDIS_URL,
    keyPrefix: env.EVENT_BUS_PREFIX,
    rateLimitEnabled: env.RATE_LIMIT_ENABLED,
    requestsPerWindow: env.RATE_LIMIT_MAX,
    windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    costEnabled: env.GRAPHQL_COST_ANALYSIS,
    costPerMinute: env.GRAPHQL_COST_PER_MINUTE,
  });
  const revocation = useRevocation({ revocations: options.revocations });
  const subscriptionCap = useSubscriptionCap({
    perUser: env.SUBSCRIPTIONS_PER_USER,
    redisUrl: env.REDIS_URL,
    keyPrefix: env.EVENT_BUS_PREFIX,
    leaseMs: env.SUBSCRIPTION_LEASE_SECONDS * 1000,
    logger: options.logger,
  });
  const deduplication: InflightDeduplication | undefined = env.GRAPHQL_DEDUPLICATION ? useInflightDeduplication() : undefined;
  const cacheBus = env.RESPONSE_CACHE ? options.bus : undefined;
  if (env.RESPONSE_CACHE && !cacheBus) options.logger.info('response cache off: this gateway has no event bus to learn about changes (set REDIS_URL)');
  // A market event makes the market's fetches in flight unjoinable too: a fill that starts after it must not read through one of them.
  const store = cacheBus
    ? createResponseCacheStore({
        maxBytes: env.RESPONSE_CACHE_MAX_BYTES,
        onStale: (key) => deduplication?.release(key),
        onRemoved: countRemovedAnswer,
        onInvalidation: () => options.forgetSharedFetches('market'),
      })
    : undefined;
  const invalidation = cacheBus && store ? watchMarketInvalidation(cacheBus, store, options.logger) : undefined;
  const responseCache =
    store && invalidation
      ? useResponseCache({
          policy: publicDataPolicy(schema, options.personalFields),
          store,
          invalidation,
          ttlMs: env.RESPONSE_CACHE_TTL_SECONDS * 1000,
          closedTtlMs: env.RESPONSE_CACHE_CLOSED_TTL_SECONDS * 1000,
          clientMaxAgeSeconds: env.RESPONSE_CACHE_CLIENT_MAX_AGE_SECONDS,
        })
      : undefined;
  const plugins: GatewayPlugin[] = [
    useConnectionCap({ perAddress: env.WS_MAX_CONNECTIONS_PER_ADDRESS }),
    revocation,
    useCredentialRecheck({ tokenEveryMs: env.SESSION_CACHE_SECONDS * 1000, apiKeyEveryMs: env.API_KEY_CACHE_SECONDS * 1000 }),
    useCredentialExpiry(),
    useOperationMetrics(),
    useErrorPolicy({ formatError: options.formatError, onUnexpected }),
    persisted,
    useParser({ maxTokens: env.GRAPHQL_MAX_TOKENS }),
    useOperationLimits({ schema, maxDepth: env.GRAPHQL_MAX_DEPTH, maxAliases: env.GRAPHQL_MAX_ALIASES, maxDirectives: env.GRAPHQL_MAX_DIRECTIVES }),
    useValidation({ schema, introspection: env.introspection, subscriptionEndpoints: options.subscriptionEndpoints }),
    useCredentialCheck(),
    ...(env.GRAPHQL_COST_ANALYSIS ? [useCostLimit({ schema, maxOperationCost: env.maxOperationCost })] : []),
    useUsageBudgets({ budgets, maxOperationCost: env.maxOperationCost, onUnexpected }),
    subscriptionCap,
    useFreshAfterMutations({
      forgetShared: () => {
        deduplication?.releaseAll();
        options.forgetSharedFetches();
      },
    }),
    ...(responseCache ? [responseCache] : []),
    ...(deduplication ? [deduplication] : []),
    useExecution({ executor: options.executor, schema, subscriptions: options.subscriptions, logger: options.logger, onUnexpected }),
  ];
  return {
    plugins,
    responseCache,
    close: async () => {
      responseCache?.close();
      await invalidation?.close();
      revocation.close();
      persisted.close();
      await budgets.close();
      await subscriptionCap.close();
    },
  };
}
