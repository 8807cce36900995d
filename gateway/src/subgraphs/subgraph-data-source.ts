import { ErrorCode, identityHeader, type Identity } from '@cryptograph/core';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { context, propagation, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import { Pool } from 'undici';
import type { GatewayContext } from '../context.js';
import { createInFlightDeduplicator } from './in-flight.js';

/** How the gateway talks to one subgraph. */
export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string;
  readonly signIdentity: (identity: Identity, subgraph: string) => Promise<string>;
  readonly timeoutMs: number;
  readonly connections: number;
}

/** A subgraph data source that can be closed with the gateway. */
export interface ClosableDataSource extends GraphQLDataSource<GatewayContext> {
  close(): Promise<void>;
  /** Later query fetches no longer share the requests in flight now (they may have read data a mutation or a market event changed since). */
  forgetInFlight(): void;
}

/** Adds the active W3C trace context (Apollo's fetch span, in a sampled trace) to outgoing headers, so the subgraph's spans join the trace. */
function withTraceContext(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

/** Set on a sampled operation's fetch span that was answered by another operation's identical request in flight. */
export const sharedFetchAttribute = 'cryptograph.fetch.shared';

/** The client operation of each request context (its document, operation name and variables), computed once per operation. */
const operationKeys = new WeakMap<object, string>();

function operationKeyOf(requestContext: GatewayGraphQLRequestContext): string {
  let key = operationKeys.get(requestContext);
  if (key === undefined) {
    key = `${requestContext.queryHash ?? requestContext.source ?? ''}\n${requestContext.operationName ?? ''}\n${JSON.stringify(requestContext.request.variables ?? null)}`;
    operationKeys.set(requestContext, key);
  }
  return key;
}

const unavailable = (name: string): GatewayGraphQLResponse => ({
  errors: [{ message: `The ${name} service is unavailable.`, extensions: { code: ErrorCode.DOWNSTREAM_SERVICE_ERROR } }] as never,
});

/**
 * Sends subgraph fetches over a keep-alive undici pool, with the caller's identity signed in a
 * header. Identical query fetches (same subgraph, document, variables and identity) of the same
 * client operation (same document, operation name and variables) that are in flight at the same
 * time share one request and its parsed answer, until `forgetInFlight` (after a mutation, or a
 * market event the response cache heard): a fetch never joins a request that may have read older
 * data. Only the same operation: an execution merges its later fetches into the objects of its
 * earlier ones, so an execution of another operation sharing them could write its own values (a
 * field with other arguments, under the same response name) into this one's answer. The fetch span of a sampled operation that shares
 * another's request says so (`cryptograph.fetch.shared`) and links to that request's fetch span when
 * its operation is sampled too, where the subgraph's spans are. A failed or malformed response becomes a DOWNSTREAM_SERVICE_ERROR for that
 * subgraph instead of failing the whole operation.
 */
export function createSubgraphDataSource(options: SubgraphDataSourceOptions): ClosableDataSource {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, {
    connections: options.connections,
    keepAliveTimeout: 30_000,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const path = `${url.pathname}${url.search}`;
  const dedupe = createInFlightDeduplicator<GatewayGraphQLResponse>();
  /** The fetch span of each request in flight that a sampled operation started, by deduplication key. */
  const sampledLeaders = new Map<string, SpanContext>();

  async function send(body: string, identityToken: string): Promise<GatewayGraphQLResponse> {
    try {
      const response = await pool.request({
        method: 'POST',
        path,
        body,
        headers: withTraceContext({ 'content-type': 'application/json', accept: 'application/json', [identityHeader]: identityToken }),
      });
      const text = await response.body.text();
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || !('data' in parsed || 'errors' in parsed)) return unavailable(options.name);
      return parsed as GatewayGraphQLResponse;
    } catch {
      return unavailable(options.name);
    }
  }

  return {
    async process(request: GraphQLDataSourceProcessOptions<GatewayContext>) {
      const identity = request.context.identity as Identity;
      const identityToken = await options.signIdentity(identity, options.name);
      const { query, variables, operationName } = request.request;
      const body = JSON.stringify({ query, variables, operationName });
      const isQuery = 'incomingRequestContext' in request && request.incomingRequestContext.operation?.operation === 'query';
      if (!isQuery) return send(body, identityToken);
      const scope = `${identity.userId ?? ''}|${identity.role ?? ''}|${identity.scopes?.join(',') ?? '*'}\n${operationKeyOf(request.incomingRequestContext)}`;
      const fetch = trace.getActiveSpan();
      const sampled = fetch !== undefined && (fetch.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
      if (!sampled) return dedupe(scope, body, () => send(body, identityToken));
      const key = `${scope}\n${body}`;
      if (dedupe.has(scope, body)) {
        // Answered by another operation's request: say so, and link to its fetch when that one is sampled (its trace holds the subgraph's spans).
        fetch.setAttribute(sharedFetchAttribute, true);
        const leader = sampledLeaders.get(key);
        if (leader) fetch.addLink({ context: leader });
      }
      return dedupe(scope, body, () => {
        const leader = fetch.spanContext();
        sampledLeaders.set(key, leader);
        return send(body, identityToken).finally(() => {
          if (sampledLeaders.get(key) === leader) sampledLeaders.delete(key);
        });
      });
    },
    forgetInFlight: () => dedupe.forget(),
    close: () => pool.close(),
  };
}
