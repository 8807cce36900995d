import { ErrorCode } from '@cryptograph/core/base';
import { documentHash, loadPersistedDocuments } from '../../apq/persisted-documents.js';
import { memoryInFront, memoryKeyValueCache } from '../../apq/memory-key-value-cache.js';
import { RedisKeyValueCache, type KeyValueCache } from '../../apq/redis-key-value-cache.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { operationError, requestError } from '../request-error.js';

/** Settings of persisted operations. */
export interface PersistedOperationsOptions {
  /** Shared cache on this Redis when set; a bounded in-process cache otherwise. */
  readonly redisUrl?: string | undefined;
  /** Keeps installations sharing a Redis apart (EVENT_BUS_PREFIX). */
  readonly keyPrefix: string;
  /** How long a registered query stays (default 1 day). */
  readonly ttlSeconds?: number;
  /** Safelist mode: only documents of `documentsPath` run, by hash or by text (default off). */
  readonly safelist?: boolean;
  /** Manifest of persisted documents; required in safelist mode. */
  readonly documentsPath?: string | undefined;
  /** Logs a failed registration (the operation itself is not affected). */
  readonly onUnexpected: (error: unknown) => void;
}

/** The persisted-operations plugin and what to release on stop. */
export interface PersistedOperations extends GatewayPlugin {
  close(): void;
}

/** Most bytes of query text the in-process APQ cache holds. */
const memoryCacheBytes = 32 * 1024 * 1024;
const sha256Hex = /^[0-9a-f]{64}$/;

function notPersisted() {
  return operationError('This server only runs persisted documents; this one is not in its safelist.', ErrorCode.FORBIDDEN, { status: 403 });
}

/** The APQ extension of a request, when it has one: `{ version, sha256Hash }`. */
function persistedQueryOf(extensions: Readonly<Record<string, unknown>> | null | undefined): { version: unknown; sha256Hash: unknown } | undefined {
  const value = extensions?.persistedQuery;
  return value && typeof value === 'object' ? (value as { version: unknown; sha256Hash: unknown }) : undefined;
}

/**
 * Resolves the document text of every operation, on every transport: automatic persisted queries
 * (Apollo's APQ protocol: `extensions.persistedQuery.sha256Hash`, registered with the text once,
 * then run by hash alone, on a cache every replica shares when Redis is configured, with the texts
 * already seen kept in memory too), or, in
 * safelist mode, persisted documents only: hashes resolve from the manifest, nothing registers,
 * and any other document is FORBIDDEN before it is even parsed, so an attacker learns nothing from
 * validation errors. It runs before parsing because it is what supplies the text.
 */
export function usePersistedOperations(options: PersistedOperationsOptions): PersistedOperations {
  const ttl = options.ttlSeconds ?? 86_400;
  let cache: KeyValueCache;
  let allowed: ReadonlySet<string> | undefined;
  let close = () => {};
  if (options.safelist) {
    if (!options.documentsPath) throw new Error('GRAPHQL_SAFELIST=true needs GRAPHQL_PERSISTED_DOCUMENTS (a manifest file).');
    const documents = loadPersistedDocuments(options.documentsPath);
    allowed = new Set(documents.keys());
    cache = { get: async (key) => documents.get(key), set: async () => {}, delete: async () => false };
  } else if (options.redisUrl) {
    const redis = new RedisKeyValueCache(options.redisUrl, `${options.keyPrefix}:apq:`);
    cache = memoryInFront(redis, { maxBytes: memoryCacheBytes / 4 });
    close = () => redis.close();
  } else {
    cache = memoryKeyValueCache({ maxBytes: memoryCacheBytes });
  }

  return {
    name: 'persisted-operations',
    close,
    async onOperation(operation, next) {
      const { extensions } = operation.request;
      const persisted = persistedQueryOf(extensions);
      // Stream clients must send a `query` string: an empty one with a hash means "by hash".
      const query = persisted && operation.request.query === '' ? undefined : operation.request.query;
      if (!persisted) {
        if (allowed && (typeof query !== 'string' || !allowed.has(documentHash(query)))) throw notPersisted();
        return next();
      }
      if (persisted.version !== 1) throw requestError('BAD_REQUEST', 'Unsupported persisted query version.');
      const hash = persisted.sha256Hash;
      if (typeof hash !== 'string' || !sha256Hex.test(hash))
        throw requestError('BAD_REQUEST', 'extensions.persistedQuery.sha256Hash must be a SHA-256 in lowercase hex.');
      if (typeof query !== 'string') {
        const stored = await cache.get(hash);
        if (stored === undefined)
          throw requestError('PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound', {
            status: 200,
            headers: { 'cache-control': 'private, no-cache, must-revalidate' },
          });
        operation.source = stored;
        operation.sourceHash = hash;
        return next();
      }
      if (documentHash(query) !== hash) throw requestError('BAD_REQUEST', 'provided sha does not match query');
      if (allowed && !allowed.has(hash)) throw notPersisted();
      operation.source = query;
      operation.sourceHash = hash;
      const outcome = await next();
      // Registered once the document parsed and validated (the definition is resolved then).
      if (!allowed && operation.definition) cache.set(hash, query, { ttl }).catch(options.onUnexpected);
      return outcome;
    },
  };
}
