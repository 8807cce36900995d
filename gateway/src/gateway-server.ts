import { ApolloGateway } from '@apollo/gateway';
import { createRedisEventBus, type EventBus, type Logger, useMetrics, useTraceContext } from '@cryptograph/core/base';
import Fastify, { type FastifyInstance } from 'fastify';
import { createAccessTokenKeys } from './auth/access-token-keys.js';
import { createApiKeyVerifier } from './auth/api-key-verifier.js';
import { createAuthenticator } from './auth/authenticate.js';
import { watchCredentialRevocations } from './auth/credential-revocations.js';
import { createIdentitySigner } from './auth/identity-signer.js';
import { registerJwksRoute } from './auth/jwks-route.js';
import { createSessionStates } from './auth/session-states.js';
import { createUsersInternalClient } from './auth/users-internal-client.js';
import { gatewayContextFactory } from './context.js';
import type { GatewayEnv } from './env.js';
import { useFastResultShaping } from './execution/apollo-result-shaping.js';
import { reproducedApolloGatewayVersion } from './execution/apollo-gateway-internals.js';
import { useFastQueryPlanExecution } from './execution/apollo-query-plan-execution.js';
import { formatGatewayError } from './errors/format-gateway-error.js';
import { gatewayPlugins } from './gateway-plugins.js';
import { useGraphiql } from './graphiql/use-graphiql.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { requestErrorHandler } from './http/request-error-handler.js';
import { registerWebApp } from './http/web-app.js';
import { createOperationCore } from './operation/operation-core.js';
import { createSubgraphDataSource, type ClosableDataSource } from './subgraphs/subgraph-data-source.js';
import type { ResponseCacheStats } from './operation/plugins/use-response-cache.js';
import { personalFieldsOf } from './subscriptions/authorization-scope.js';
import type { HubStats } from './subscriptions/subscription-hub.js';
import { createSubscriptionService } from './subscriptions/subscription-service.js';
import { loadSupergraphSdl, subgraphUrlOverrides } from './supergraph/load-supergraph.js';
import { applyApolloTelemetryChoice } from './telemetry/apollo-telemetry.js';
import { useSubscriptionMetrics } from './telemetry/subscription-metrics.js';
import { clientAddressResolver, trustedProxyHops } from './transports/client-address.js';
import { registerGraphqlOverHttp } from './transports/http/graphql-over-http.js';
import { registerSse } from './transports/sse/sse-endpoint.js';
import { startWebSocketEndpoint, type WebSocketEndpoint } from './transports/ws/websocket-endpoint.js';

/** Everything the gateway needs to start. */
export interface GatewayServerOptions {
  readonly env: GatewayEnv;
  readonly logger: Logger;
  /** Subgraph URLs that win over the supergraph's and the env's (the stack passes its own). */
  readonly subgraphUrls?: Readonly<Record<string, string>>;
  /** The installation's event bus (credential revocations); the gateway opens its own on REDIS_URL when none is given. */
  readonly bus?: EventBus;
}

/** A built gateway: call `listen`, later `stop`. */
export interface GatewayServer {
  readonly app: FastifyInstance;
  /** Counters of the shared subscription streams. */
  subscriptionStats(): HubStats;
  /** Open long-lived connections (WebSocket and SSE) on the operation core. */
  openConnections(): number;
  /** What the response cache did and holds (null when it is off). */
  responseCacheStats(): ResponseCacheStats | null;
  /** Starts listening on HOST:PORT; returns the base URL. */
  listen(): Promise<string>;
  /** Closes sockets and streams, finishes in-flight operations, then releases subgraph connections. */
  stop(): Promise<void>;
}

const graphqlPath = '/graphql';
const ssePath = '/graphql/stream';

/**
 * Builds the gateway: one transport-free operation core (its ordered plugins in
 * `gateway-plugins.ts`) executing through @apollo/gateway over the supergraph and the federated
 * subscription service, with three thin transports on one Fastify server: GraphQL over HTTP and
 * graphql-ws at /graphql, GraphQL over SSE at /graphql/stream; plus health, metrics, GraphiQL and
 * the web app.
 */
export async function createGatewayServer(options: GatewayServerOptions): Promise<GatewayServer> {
  const { env, logger } = options;
  const overrides = { ...subgraphUrlOverrides(env), ...options.subgraphUrls };
  const signIdentity = createIdentitySigner(env.internalSecret);
  const dataSources: Record<string, ClosableDataSource> = {};
  const resolvedUrls: Record<string, string> = {};
  const supergraphSdl = loadSupergraphSdl(env.SUPERGRAPH_PATH);
  applyApolloTelemetryChoice(!env.APOLLO_TELEMETRY_DISABLED);
  // Both or neither: each checks the same installed version.
  if (!useFastResultShaping() || !useFastQueryPlanExecution())
    logger.warn(
      `@apollo/gateway is not ${reproducedApolloGatewayVersion}: its own query plan execution and result shaping run (slower); see gateway/src/execution/query-plan-execution.ts`,
    );
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      const target = overrides[name] ?? url;
      if (!target) throw new Error(`No URL for subgraph "${name}"`);
      resolvedUrls[name] = target;
      const dataSource = createSubgraphDataSource({
        name,
        url: target,
        signIdentity,
        timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
        connections: env.SUBGRAPH_CONNECTIONS,
      });
      dataSources[name] = dataSource;
      return dataSource;
    },
  });
  const { schema, executor } = await gateway.load();
  if (!executor) throw new Error('@apollo/gateway loaded no executor.');

  const app = Fastify({ logger: false, bodyLimit: env.BODY_LIMIT_BYTES, trustProxy: trustedProxyHops(env.TRUST_PROXY) });
  // Each GraphQL request over HTTP is a client operation: its trace starts here (WebSocket upgrades and SSE streams are not).
  useTraceContext(app, { isEntry: (request) => request.routeOptions.url === graphqlPath && request.headers.upgrade === undefined });
  app.setErrorHandler(requestErrorHandler(logger));
  // GraphQL requests are JSON only: a text/plain POST (a "simple" cross-site request) is refused with 415 before anything runs.
  app.removeContentTypeParser('text/plain');
  const ownBus = !options.bus && env.REDIS_URL ? createRedisEventBus(env.REDIS_URL, env.EVENT_BUS_PREFIX) : undefined;
  const revocations = watchCredentialRevocations(options.bus ?? ownBus);
  // Caches listen to revocations first, so the connections listening after them check against fresh state.
  const users = createUsersInternalClient({ usersUrl: () => resolvedUrls.users, signIdentity });
  const sessions = createSessionStates({ users, revocations, cacheMs: env.SESSION_CACHE_SECONDS * 1000 });
  const apiKeys = createApiKeyVerifier({ users, revocations, cacheMs: env.API_KEY_CACHE_SECONDS * 1000 });
  const accessTokenKeys = createAccessTokenKeys({ users });
  const onUnexpected = (error: unknown) => logger.error({ error }, 'unexpected error in operation');
  const formatError = (formatted: Parameters<typeof formatGatewayError>[0]) => formatGatewayError(formatted, onUnexpected);
  let ws: WebSocketEndpoint | undefined;
  const subscriptionMetrics = useSubscriptionMetrics(() => ({
    connections: () => ws?.connections() ?? 0,
    sseConnections: () => sse.connections(),
    stats: () => subscriptions.stats(),
  }));
  const subscriptions = createSubscriptionService({
    supergraphSdl,
    subgraphUrls: () => resolvedUrls,
    dataSources: () => dataSources,
    signIdentity,
    formatError,
    logger,
    observer: subscriptionMetrics.observer,
  });

  const pipeline = gatewayPlugins({
    env,
    schema,
    executor,
    subscriptions,
    revocations,
    formatError,
    logger,
    onUnexpected,
    subscriptionEndpoints: `graphql-ws (graphql-transport-ws) at ${graphqlPath}, or SSE (graphql-sse) at ${ssePath}`,
    bus: options.bus ?? ownBus,
    personalFields: personalFieldsOf(supergraphSdl),
    forgetSharedFetches: (subgraph) => {
      for (const [name, dataSource] of Object.entries(dataSources)) if (subgraph === undefined || name === subgraph) dataSource.forgetInFlight();
    },
  });
  const core = createOperationCore({
    plugins: pipeline.plugins,
    authenticate: gatewayContextFactory(createAuthenticator({ accessTokenKeys: accessTokenKeys.resolve, sessions, verifyApiKey: apiKeys.verify })),
    onUnexpected,
  });
  const writer = { highWaterMarkBytes: env.WS_HIGH_WATER_MARK_BYTES, maxPendingBytes: env.WS_MAX_PENDING_BYTES, maxStallMs: env.WS_MAX_STALL_MS };
  const clientAddress = clientAddressResolver(env.TRUST_PROXY, env.CLIENT_IPV6_PREFIX);

  registerGraphqlOverHttp(app, { core, path: graphqlPath, clientAddress, onUnexpected });
  const sse = registerSse(app, {
    core,
    path: ssePath,
    writer,
    keepAliveMs: env.WS_HEARTBEAT_MS,
    reservationTimeoutMs: env.WS_INIT_TIMEOUT_MS,
    clientAddress,
    onUnexpected,
  });
  registerHealthRoutes(app, () => resolvedUrls);
  registerJwksRoute(app, accessTokenKeys, onUnexpected);
  useGraphiql(app, { enabled: env.graphiql, graphqlPath });
  await registerWebApp(app);
  useMetrics(app, 'gateway');

  return {
    app,
    subscriptionStats: () => subscriptions.stats(),
    openConnections: () => core.connections(),
    responseCacheStats: () => pipeline.responseCache?.stats() ?? null,
    listen: async () => {
      const address = await app.listen({ host: env.HOST, port: env.PORT });
      ws = startWebSocketEndpoint({
        httpServer: app.server,
        path: graphqlPath,
        core,
        initTimeoutMs: env.WS_INIT_TIMEOUT_MS,
        heartbeatMs: env.WS_HEARTBEAT_MS,
        writer,
        clientAddress,
        onUnexpected,
      });
      return address;
    },
    stop: async () => {
      subscriptionMetrics.stop();
      core.close();
      sse.close();
      await ws?.close();
      await subscriptions.close();
      await app.close();
      await gateway.stop();
      await Promise.all(Object.values(dataSources).map((dataSource) => dataSource.close()));
      await apiKeys.close();
      await pipeline.close();
      sessions.close();
      await revocations.close();
      await ownBus?.close();
    },
  };
}
