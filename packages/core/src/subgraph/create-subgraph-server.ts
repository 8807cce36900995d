import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { KeyObject } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { GraphQLError, type DocumentNode } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import mercurius from 'mercurius';
import { ErrorCode } from '../errors/error-code.js';
import { maskError } from '../errors/mask-error.js';
import { identityHeader, InvalidIdentityError, verifyIdentityToken } from '../identity/identity-token.js';
import { cacheVerifications } from '../identity/verified-token-cache.js';
import { useTraceContext } from '../telemetry/trace-context.js';
import type { Identity } from '../identity/identity.js';
import type { Logger } from '../logger.js';
import { useMetrics } from '../telemetry/metrics-routes.js';
import { resolverTracing } from '../telemetry/resolver-tracing.js';
import { permissionMiddleware } from './permission-middleware.js';
import { federationPermissions } from './shield-rules.js';
import type { BaseContext } from './subgraph-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller identity; set on every GraphQL request. */
    identity: Identity;
  }
}

/** How to build one subgraph's HTTP + WebSocket server. */
export interface SubgraphServerOptions<C extends BaseContext> {
  /** Service name, as in the supergraph. */
  readonly name: string;
  /** The subgraph SDL. */
  readonly typeDefs: DocumentNode;
  /** Resolvers, including `__resolveReference` for entities. */
  readonly resolvers: object;
  /** graphql-shield rule tree; anything not listed is denied. */
  readonly permissions: IRules;
  /** HMAC key shared with the gateway; verifies forwarded identities, which must name this subgraph (`name`) as their audience. */
  readonly internalKey: KeyObject;
  /** The service's one context factory, used for HTTP and WebSocket operations alike. */
  readonly createContext: (identity: Identity) => C;
  /** Checked by `GET /ready`; throws when a dependency is down. */
  readonly checkReady?: () => Promise<void>;
  readonly logger: Logger;
}

/** Adds federation's own fields to a rule tree, keeping the subgraph's rules for its Query fields. */
function withFederationPermissions(permissions: IRules): IRules {
  const tree = permissions as Record<string, unknown>;
  const query = typeof tree.Query === 'object' && tree.Query !== null ? tree.Query : {};
  return { ...tree, _Service: federationPermissions._Service, Query: { ...query, ...federationPermissions.Query } } as IRules;
}

/**
 * The GraphQL errors one reported error stands for: mercurius reports a request that fails
 * validation (including variable coercion) as a single error whose cause lists the real ones.
 */
function requestErrors(error: GraphQLError | Error): GraphQLError[] {
  const listed = (error as GraphQLError).originalError as { errors?: unknown } | undefined;
  if (Array.isArray(listed?.errors) && listed.errors.every((inner) => inner instanceof GraphQLError)) return listed.errors as GraphQLError[];
  return [error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error })];
}

const unauthenticatedBody = {
  errors: [{ message: 'This service only accepts requests forwarded by the gateway.', extensions: { code: ErrorCode.UNAUTHENTICATED } }],
};

/**
 * Builds a subgraph server: `buildSubgraphSchema` + graphql-shield (fallback deny) served by
 * mercurius with graphql-jit, with a span per resolver that does work (outermost middleware, so
 * permission denials show as failed spans) and `GET /metrics`. Every route except health checks and
 * metrics requires an identity signed by the gateway; unexpected errors are masked and logged.
 */
export async function createSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<FastifyInstance> {
  const { logger } = options;
  const subgraphSchema = buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as GraphQLResolverMap<unknown> });
  const schema = applyMiddleware(
    subgraphSchema,
    resolverTracing(subgraphSchema, options.name),
    permissionMiddleware(subgraphSchema, withFederationPermissions(options.permissions)),
  );
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  useTraceContext(app);

  app.get('/health', async () => ({ status: 'ok', service: options.name }));
  app.get('/ready', async (_request, reply) => {
    try {
      await options.checkReady?.();
      return { status: 'ready', service: options.name };
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      return reply.code(503).send({ status: 'unavailable', service: options.name });
    }
  });

  useMetrics(app, options.name);

  const verify = cacheVerifications(
    (token) => verifyIdentityToken(token, options.internalKey, options.name),
    (verified) => verified.expiresAt,
  );
  app.decorateRequest('identity', null as unknown as Identity);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/health' || request.url === '/ready' || request.url === '/metrics') return;
    const header = request.headers[identityHeader];
    try {
      if (typeof header !== 'string') throw new InvalidIdentityError('missing');
      request.identity = (await verify(header)).identity;
    } catch (error) {
      if (!(error instanceof InvalidIdentityError)) throw error;
      // A refused WebSocket upgrade never reaches @fastify/websocket's hooks, which would close its
      // socket: close it here once the 401 is written, or it stays open and blocks app.close().
      if (request.headers.upgrade?.toLowerCase() === 'websocket') reply.raw.once('finish', () => request.raw.socket?.destroy());
      return reply.code(401).send(unauthenticatedBody);
    }
  });

  const logUnexpected = (cause: unknown) => logger.error({ err: cause }, 'unexpected error in resolver');
  const contextOf = (request: FastifyRequest) => options.createContext(request.identity);
  await app.register(mercurius, {
    schema,
    jit: 1,
    graphiql: false,
    allowBatchedQueries: false,
    context: (request) => contextOf(request) as unknown as Record<string, unknown>,
    subscription: schema.getSubscriptionType() ? { context: (_socket, request) => contextOf(request) as unknown as Record<string, unknown> } : false,
    errorFormatter: (execution) => ({
      statusCode: 200,
      response: { data: execution.data ?? null, errors: execution.errors.flatMap(requestErrors).map((error) => maskError(error, logUnexpected)) },
    }),
  });
  return app;
}
