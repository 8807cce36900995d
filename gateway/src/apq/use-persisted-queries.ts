import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@cryptograph/core';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { documentHash, loadPersistedDocuments, safelistCache } from './persisted-documents.js';
import { RedisKeyValueCache } from './redis-key-value-cache.js';

/** Settings of persisted queries. */
export interface PersistedQueryOptions {
  /** Shared cache on this Redis when set; Apollo's in-process bounded cache otherwise. */
  readonly redisUrl?: string | undefined;
  /** Keeps installations sharing a Redis apart (EVENT_BUS_PREFIX). */
  readonly keyPrefix: string;
  /** How long a registered query stays (default 1 day). */
  readonly ttlSeconds?: number;
  /** Safelist mode: only documents of `documentsPath` run, by hash or by text (default off). */
  readonly safelist?: boolean;
  /** Manifest of persisted documents; required in safelist mode. */
  readonly documentsPath?: string | undefined;
}

/** Apollo options and plugin for APQ, plus what to release on stop. */
export interface PersistedQueries {
  readonly persistedQueries: ApolloServerOptions<GatewayContext>['persistedQueries'];
  readonly plugins: ApolloServerPlugin<GatewayContext>[];
  close(): void;
}

/** A refused document: not in the safelist. */
function notPersisted(): GraphQLError {
  return new GraphQLError('This server only runs persisted documents; this one is not in its safelist.', {
    extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
  });
}

/**
 * Automatic persisted queries (Apollo's APQ protocol: `extensions.persistedQuery.sha256Hash`) on a
 * cache shared by every replica (Redis when configured), or, in safelist mode, persisted documents
 * only: hashes resolve from the manifest, nothing registers, and any other document is FORBIDDEN.
 */
export function usePersistedQueries(options: PersistedQueryOptions): PersistedQueries {
  const ttl = options.ttlSeconds ?? 86_400;
  if (options.safelist) {
    if (!options.documentsPath) throw new Error('GRAPHQL_SAFELIST=true needs GRAPHQL_PERSISTED_DOCUMENTS (a manifest file).');
    const documents = loadPersistedDocuments(options.documentsPath);
    const allowed = new Set(documents.keys());
    const plugin: ApolloServerPlugin<GatewayContext> = {
      async requestDidStart() {
        return {
          async didResolveOperation({ source }) {
            if (!allowed.has(documentHash(source))) throw notPersisted();
          },
        };
      },
    };
    return { persistedQueries: { cache: safelistCache(documents), ttl: null }, plugins: [plugin], close: () => {} };
  }
  const redis = options.redisUrl ? new RedisKeyValueCache(options.redisUrl, `${options.keyPrefix}:`) : undefined;
  // Without Redis, Apollo's own bounded in-memory cache holds the queries.
  return { persistedQueries: redis ? { cache: redis, ttl } : { ttl }, plugins: [], close: () => redis?.close() };
}
