import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { documentHash } from '../../apq/persisted-documents.js';
import type { GatewayPlugin } from '../gateway-plugin.js';
import { requestError } from '../request-error.js';

/** Settings of the parser. */
export interface ParserOptions {
  /** Most lexical tokens one document may have (GRAPHQL_MAX_TOKENS): parsing stops there. */
  readonly maxTokens: number;
  /** Distinct documents kept parsed (default 1000). */
  readonly cacheEntries?: number;
  /** Most bytes of document text the cache holds (default 16 MiB). */
  readonly cacheBytes?: number;
}

interface ParsedSource {
  readonly document: DocumentNode;
  readonly hash: string;
}

/**
 * Parses the operation's document with graphql-js's token limit, so an oversized document is
 * never fully parsed. Parsed documents are cached by their text (the same DocumentNode comes back
 * for the same text, so later plugins cache their own verdicts per document).
 */
export function useParser(options: ParserOptions): GatewayPlugin {
  const cache = new LRUCache<string, ParsedSource>({
    max: options.cacheEntries ?? 1_000,
    maxSize: options.cacheBytes ?? 16 * 1024 * 1024,
    sizeCalculation: (_value, key) => Math.max(1, key.length),
  });
  const parseOptions = { maxTokens: options.maxTokens };
  return {
    name: 'parser',
    async onOperation(operation, next) {
      const source = operation.source ?? operation.request.query;
      if (typeof source !== 'string' || source.trim() === '') {
        throw requestError('BAD_REQUEST', 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.');
      }
      let parsed = cache.get(source);
      if (!parsed) {
        let document: DocumentNode;
        try {
          document = parse(source, parseOptions);
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          throw new GraphQLError(error.message, {
            source: error.source,
            positions: error.positions,
            extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } },
          });
        }
        parsed = { document, hash: operation.sourceHash ?? documentHash(source) };
        cache.set(source, parsed);
      }
      operation.source = source;
      operation.sourceHash = parsed.hash;
      operation.document = parsed.document;
      return next();
    },
  };
}
