import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { createRedisEventBus, type EventBus, type Logger, useTraceContext } from '@cryptograph/core';
import { useMetrics } from '@cryptograph/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { usePersistedQueries } from './apq/use-persisted-queries.js';
import { createAccessTokenKeys } from './auth/access-token-keys.js';
import { createApiKeyVerifier } from './auth/api-key-verifier.js';
import { createAuthenticator } from './auth/authenticate.js';
import { watchCredentialRevocations } from './auth/credential-revocations.js';
import { createIdentitySigner } from './auth/identity-signer.js';
import { registerJwksRoute } from './auth/jwks-route.js';
import { createSessionStates } from './auth/session-states.js';
import { createUsersInternalClient } from './auth/users-internal-client.js';
import { gatewayContextFactory, type GatewayContext } from './context.js';
import type { GatewayEnv } from './env.js';
import { formatGatewayError } from './errors/format-gateway-error.js';
import { useGraphiql } from './graphiql/use-graphiql.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { registerWebApp } from './http/web-app.js';
import { requestErrorHandler } from './http/request-error-handler.js';
import { operationLimits } from './limits/operation-limits.js';
import { usageLimitsPlugin } from './limits/usage-limits-plugin.js';
import { useUsageLimits } from './limits/use-usage-limits.js';
import { subscriptionsOverWebSocketOnly } from './http/subscriptions-over-websocket-only.js';
import { useOperationMetrics } from './telemetry/operation-metrics.js';
import { useSubscriptionMetrics } from './telemetry/subscription-metrics.js';
import { createSubgraphDataSource, type ClosableDataSource } from './subgraphs/subgraph-data-source.js';
import { loadSupergraphSdl, subgraphUrlOverrides } from './supergraph/load-supergraph.js';
import type { HubStats } from './subscriptions/subscription-hub.js';
import { createSubscriptionService } from './subscriptions/subscription-service.js';
import { clientAddressOf } from './ws/client-address.js';
import { createOperationRunner } from './ws/operation-runner.js';
import { createSubscriptionCap } from './ws/subscription-cap.js';
import { startWebSocketEndpoint, type WebSocketEndpoint } from './ws/websocket-endpoint.js';

/** Everything the gateway needs to start. */
export interface GatewayServerOptions {
  readonly env: GatewayEnv;
  readonly logger: Logger;
  /** Subgraph URLs that win over the supergraph's and the env's (the stack passes its own). */
  readonly subgraphUrls?: Readonly<Record<string, string>>;
  /** The installation's event bus (API key revocations); the gateway opens its own on REDIS_URL when none is given. */
  readonly bus?: EventBus;
}

/** A built gateway: call `listen`, later `stop`. */
export interface GatewayServer {
  readonly app: FastifyInstance;
  /** Counters of the shared subscription streams. */
  subscriptionStats(): HubStats;
  /** Starts listening on HOST:PORT; returns the base URL. */
  listen(): Promise<string>;
  /** Closes sockets, finishes in-flight operations, then releases subgraph connections. */
  stop(): Promise<void>;
}

const graphqlPath = '/graphql';

/**
 * Builds the gateway: Apollo Server 5 + @apollo/gateway over the supergraph on Fastify, with the
 * graphql-ws endpoint on the same HTTP server and path, operation limits, error policy and health
 * routes.
 */
export async function createGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const { env, logger } = options;
  const overrides = { ...subgraphUrlOverrides(env), ...options.subgraphUrls };
  const signIdentity = createIdentitySigner(env.internalSecret);
  const dataSources: Record<string, ClosableDataSource> = {};
  const resolvedUrls: Record<string, string> = {};
  const supergraphSdl = loadSupergraphSdl(env.SUPERGRAPH_PATH);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const target = overrides[name] ?? url;
      if (!target) throw new Error(`No URL for subgraph "${name}"`);
      resolvedUrls[name] = target;
      const dataSource = createSubgraphDataSource({ name, url: target, signIdentity, timeoutMs: env.SUBGRAPH_TIMEOUT_MS, connections: env.SUBGRAPH_CONNECTIONS });
      dataSources[name] = dataSource;
      return dataSource;
    },
  });
  const app = Fastify({ logger: false, bodyLimit: env.BODY_LIMIT_BYTES, trustProxy: env.TRUST_PROXY });
  // Each GraphQL request over HTTP is a client operation: its trace starts here (WebSocket upgrades are not).
  useTraceContext(app, { isEntry: (request) => request.routeOptions.url === graphqlPath && request.headers.upgrade === undefined });
  app.setErrorHandler(requestErrorHandler(logger));
  const limits = operationLimits(env);
  const ownBus = !options.bus && env.REDIS_URL ? createRedisEventBus(env.REDIS_URL, env.EVENT_BUS_PREFIX) : undefined;
  const revocations = watchCredentialRevocations(options.bus ?? ownBus);
  // Caches listen to revocations first, so the connections listening after them check against fresh state.
  const users = createUsersInternalClient({ usersUrl: () => resolvedUrls.users, signIdentity });
  const sessions = createSessionStates({ users, revocations, cacheMs: env.SESSION_CACHE_SECONDS * 1000 });
  const apiKeys = createApiKeyVerifier({ users, revocations, cacheMs: env.API_KEY_CACHE_SECONDS * 1000 });
  const accessTokenKeys = createAccessTokenKeys({ users });
  const usage = useUsageLimits({
    redisUrl: env.REDIS_URL,
    keyPrefix: env.EVENT_BUS_PREFIX,
    rateLimitEnabled: env.RATE_LIMIT_ENABLED,
    requestsPerWindow: env.RATE_LIMIT_MAX,
    windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    costEnabled: env.GRAPHQL_COST_ANALYSIS,
    maxOperationCost: env.GRAPHQL_MAX_OPERATION_COST,
    costPerMinute: env.GRAPHQL_COST_PER_MINUTE,
  });
  const apq = usePersistedQueries({ redisUrl: env.REDIS_URL, keyPrefix: env.EVENT_BUS_PREFIX, ttlSeconds: env.APQ_TTL_SECONDS, safelist: env.GRAPHQL_SAFELIST, documentsPath: env.GRAPHQL_PERSISTED_DOCUMENTS });
  const logUnexpected = (error: unknown) => logger.error({ error }, 'unexpected error in operation');
  const formatError = (formatted: Parameters<typeof formatGatewayError>[0]) => formatGatewayError(formatted, logUnexpected);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: env.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    formatError,
    logger,
    // The process owner (runUntilSignal) stops everything in order on SIGINT/SIGTERM.
    stopOnTerminationSignals: false,
    persistedQueries: apq.persistedQueries,
    // No cache hints in the schema, so no cache policy to compute per request.
    plugins: [ApolloServerPluginCacheControlDisabled(), fastifyApolloDrainPlugin(app), useOperationMetrics<GatewayContext>(), subscriptionsOverWebSocketOnly(), ...apq.plugins, usageLimitsPlugin(usage, env.GRAPHQL_MAX_OPERATION_COST)],
  });
  await apollo.start();

  const createContext = gatewayContextFactory(createAuthenticator({ accessTokenKeys: accessTokenKeys.resolve, sessions, verifyApiKey: apiKeys.verify }));
  await app.register(fastifyApollo(apollo), {
    path: graphqlPath,
    method: ['GET', 'POST', 'OPTIONS'],
    context: (request) => {
      const apiKey = request.headers['x-api-key'];
      return createContext({ authorization: request.headers.authorization, clientAddress: request.ip, apiKey: typeof apiKey === 'string' ? apiKey : undefined });
    },
  });
  registerHealthRoutes(app, () => resolvedUrls);
  registerJwksRoute(app, accessTokenKeys, logUnexpected);
  useGraphiql(app, { enabled: env.graphiql, graphqlPath });
  await registerWebApp(app);
  useMetrics(app, 'gateway');
  const subscriptionMetrics = useSubscriptionMetrics(() => ({ connections: () => ws?.connections() ?? 0, stats: () => subscriptions.stats() }));

  const subscriptions = createSubscriptionService({
    supergraphSdl,
    subgraphUrls: () => resolvedUrls,
    dataSources: () => dataSources,
    signIdentity,
    formatError,
    logger,
    observer: subscriptionMetrics.observer,
  });
  const run = createOperationRunner({ apollo, subscriptions, limits, cap: createSubscriptionCap(env.SUBSCRIPTIONS_PER_USER), usage, formatError, onUnexpected: logUnexpected });
  let ws: WebSocketEndpoint | undefined;
  return {
    app,
    subscriptionStats: () => subscriptions.stats(),
    listen: async () => {
      const address = await app.listen({ host: env.HOST, port: env.PORT });
      ws = startWebSocketEndpoint({
        httpServer: app.server,
        path: graphqlPath,
        createContext,
        run,
        initTimeoutMs: env.WS_INIT_TIMEOUT_MS,
        heartbeatMs: env.WS_HEARTBEAT_MS,
        writer: { highWaterMarkBytes: env.WS_HIGH_WATER_MARK_BYTES, maxPendingBytes: env.WS_MAX_PENDING_BYTES, maxStallMs: env.WS_MAX_STALL_MS },
        clientAddress: clientAddressOf(env.TRUST_PROXY),
        onUnexpected: logUnexpected,
      });
      return address;
    },
    stop: async () => {
      subscriptionMetrics.stop();
      await ws?.close();
      await subscriptions.close();
      await apollo.stop();
      await app.close();
      await Promise.all(Object.values(dataSources).map((dataSource) => dataSource.close()));
      await apiKeys.close();
      sessions.close();
      await revocations.close();
      await usage.close();
      apq.close();
      await ownBus?.close();
    },
  };
}
