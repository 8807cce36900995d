import { commonEnvShape, listenEnvShape, OperatorError, parseEnv, resolveSecrets } from '@cryptograph/core/base';
import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

const gatewayEnvSchema = z.object({
  ...commonEnvShape,
  ...listenEnvShape(4000),
  /** Another composed supergraph to serve (its subgraph URLs inside). */
  SUPERGRAPH_PATH: z.string().optional(),
  /** Override the URL of one subgraph from the supergraph. */
  USERS_URL: z.url().optional(),
  MARKET_URL: z.url().optional(),
  PREDICTIONS_URL: z.url().optional(),
  GRAPHQL_INTROSPECTION: booleanFlag.optional(),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).max(100).default(12),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(50).max(1_000_000).default(2_000),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(20),
  /** Alias of GRAPHQL_MAX_OPERATION_COST (the one cost mechanism); kept for deployments that set it. */
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).max(100_000_000).optional(),
  /** Largest accepted request body. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(100 * 1024),
  /** How long one subgraph request may take. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Keep-alive connections per subgraph. */
  SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(64),
  /** Concurrent subscriptions one user (or anonymous address) may hold, across every gateway on one Redis. */
  SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(100),
  /** How long a gateway's subscription slots in Redis outlive its last renewal (every third of it): a dead gateway's slots free up after this. */
  SUBSCRIPTION_LEASE_SECONDS: z.coerce.number().int().min(3).max(3_600).default(15),
  /** Bytes buffered in a WebSocket before further messages wait (and price ticks conflate). */
  WS_HIGH_WATER_MARK_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(256 * 1024),
  /** Bytes waiting for one client before it is disconnected as too slow. */
  WS_MAX_PENDING_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /** How long a client may make no progress on its waiting messages before it is disconnected. */
  WS_MAX_STALL_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** How long a client has to send `connection_init`. */
  WS_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Interval of WebSocket pings; a client that misses one is dropped. */
  WS_HEARTBEAT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Reverse proxies in front of the gateway, each appending to X-Forwarded-For: the client is the address just before them (0 or false: none). */
  TRUST_PROXY: z
    .string()
    .transform((value, context) => {
      const hops = value === 'false' ? 0 : Number(value);
      if (value === 'true' || !Number.isInteger(hops) || hops < 0 || hops > 20) {
        context.addIssue({
          code: 'custom',
          message:
            'must be the number of reverse proxies in front of the gateway, 0 to 20 (true is refused: it would trust any address a client writes into X-Forwarded-For)',
        });
        return z.NEVER;
      }
      return hops;
    })
    .default(0),
  /** Per-address limits count an IPv6 client as its network of this many leading bits (one subscriber holds at least a /64); 128 counts single addresses. */
  CLIENT_IPV6_PREFIX: z.coerce.number().int().min(32).max(128).default(64),
  /** Open WebSocket and SSE connections one client address may hold on one gateway. */
  WS_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** Per-identity rate limiting (API key, user, or address when anonymous); in Redis when REDIS_URL is set. */
  RATE_LIMIT_ENABLED: booleanFlag.default(true),
  /** Operations one identity may run per window. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(10_000_000).default(600),
  /** Length of the rate limit window. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Cost analysis of operations (list fields weighted by first/maxPoints, nested lists multiplied). */
  GRAPHQL_COST_ANALYSIS: booleanFlag.default(true),
  /** Largest computed cost of one operation (default 10 000; GRAPHQL_MAX_COST is an alias). */
  GRAPHQL_MAX_OPERATION_COST: z.coerce.number().int().min(1).max(100_000_000).optional(),
  /** Computed cost one identity may spend per minute. */
  GRAPHQL_COST_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(100_000),
  /**
   * How long a user's session state (version, role) is trusted before the users subgraph is asked again (revocations on
   * the bus evict it at once), and how often open connections of access tokens check theirs again.
   */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /**
   * How long a verified API key is trusted before the users subgraph is asked again (revocations evict at once), and
   * how often open connections of API keys check theirs again.
   */
  API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  /** How long an automatic persisted query stays registered. */
  APQ_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365 * 86_400)
    .default(86_400),
  /** Only run documents of GRAPHQL_PERSISTED_DOCUMENTS (for production). */
  GRAPHQL_SAFELIST: booleanFlag.default(false),
  /** Persisted documents manifest: `{ "<sha256>": "<document>" }` or Apollo's persisted query manifest. */
  GRAPHQL_PERSISTED_DOCUMENTS: z.string().optional(),
  /** Serve GraphiQL at GET /graphiql for browsers; on in development, off in production unless true. */
  GRAPHIQL: booleanFlag.optional(),
  /** @apollo/gateway's usage reports to Apollo and cloud-metadata probes: off unless set to false (an explicit opt-in). */
  APOLLO_TELEMETRY_DISABLED: booleanFlag.default(true),
  /** Identical queries in flight at the same time (same document, variables and authorization scope) share one execution. */
  GRAPHQL_DEDUPLICATION: booleanFlag.default(true),
  /** Cache answers of public market data (assets, candles, provider catalog), invalidated through the event bus. */
  RESPONSE_CACHE: booleanFlag.default(true),
  /** Most bytes of answers the response cache holds (least recently used go first). */
  RESPONSE_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(4 * 1024 ** 3)
    .default(32 * 1024 * 1024),
  /** Longest a cached answer that can still change is kept (events invalidate it sooner; this bounds a lost one). */
  RESPONSE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Longest a cached answer of closed candles (every bucket before the feed's last closed bar) is kept. */
  RESPONSE_CACHE_CLOSED_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(86_400),
  /** How far past its live size the heap may grow before the next full garbage collection, in percent (0: V8's own heuristic, up to 300 %). */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(400).default(60),
  /** `max-age` of closed candles for clients (`Cache-Control: private`); 0 makes clients revalidate. */
  RESPONSE_CACHE_CLIENT_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(365 * 86_400)
    .default(3_600),
});

/** The gateway's configuration. */
export type GatewayEnv = z.infer<typeof gatewayEnvSchema> & {
  /** The largest cost of one operation: GRAPHQL_MAX_OPERATION_COST, or its alias GRAPHQL_MAX_COST, or 10 000. */
  readonly maxOperationCost: number;
  readonly internalSecret: string;
  /** Introspection: on in development, off in production unless GRAPHQL_INTROSPECTION=true. */
  readonly introspection: boolean;
  /** GraphiQL: on in development, off in production unless GRAPHIQL=true. */
  readonly graphiql: boolean;
};

const defaultMaxOperationCost = 10_000;

/** The one largest-cost setting from GRAPHQL_MAX_OPERATION_COST and its alias GRAPHQL_MAX_COST; refuses two different values. */
function maxOperationCostOf(env: { GRAPHQL_MAX_OPERATION_COST?: number | undefined; GRAPHQL_MAX_COST?: number | undefined }): number {
  const { GRAPHQL_MAX_OPERATION_COST: cost, GRAPHQL_MAX_COST: alias } = env;
  if (cost !== undefined && alias !== undefined && cost !== alias) {
    throw new OperatorError('GRAPHQL_MAX_COST', `is an alias of GRAPHQL_MAX_OPERATION_COST; set one of them (they are ${alias} and ${cost})`);
  }
  return cost ?? alias ?? defaultMaxOperationCost;
}

/** Parses the gateway's environment once; fails fast on invalid values. */
export function loadGatewayEnv(source: Record<string, string | undefined>): Readonly<GatewayEnv> {
  const env = parseEnv(gatewayEnvSchema, source);
  const secrets = resolveSecrets(env);
  return Object.freeze({
    ...env,
    maxOperationCost: maxOperationCostOf(env),
    internalSecret: secrets.internalSecret,
    introspection: env.GRAPHQL_INTROSPECTION ?? env.NODE_ENV !== 'production',
    graphiql: env.GRAPHIQL ?? env.NODE_ENV !== 'production',
  });
}
