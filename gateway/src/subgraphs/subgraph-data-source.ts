import { ErrorCode, identityHeader, type Identity } from '@cryptograph/core/base';
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
 * One subgraph response shared by identical fetches: its text (null when the request failed),
 * parsed once per client operation (document, operation name and variables) that reads it.
 */
interface SharedResponse {
  readonly text: string | null;
  readonly parsedFor: Map<string, GatewayGraphQLResponse>;
}

/**
 * Sends subgraph fetches over a keep-alive undici pool, with the caller's identity signed in a
 * header. Identical query fetches (same subgraph, document, variables and identity) in flight at
 * the same time share one request and its response text, whatever client operation they serve,
 * until `forgetInFlight` (after a mutation, or a market event the response cache heard): a fetch
 * never joins a request that may have read older data. The text is parsed once per client
 * operation: the executions of one operation share the parsed answer (they merge the same values
 * into it), while another operation gets objects of its own, since an execution merges its later
 * fetches into the objects of its earlier ones and could write its own values (a field with other
 * arguments, under the same response name) into another operation's answer. The fetch span of a
 * sampled operation that shares another's request says so (`cryptograph.fetch.shared`) and links
 * to that request's fetch span when its operation is sampled too, where the subgraph's spans are.
 * A failed or malformed response becomes a DOWNSTREAM_SERVICE_ERROR for that subgraph instead of
 * failing the whole operation.
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
  const dedupe = createInFlightDeduplicator<SharedResponse>();
  /** The fetch span of each request in flight that a sampled operation started, by deduplication key. */
  const sampledLeaders = new Map<string, SpanContext>();

  /** The response text of a subgraph request, or null when it failed. */
  async function send(body: string, identityToken: string): Promise<string | null> {
    try {
      const response = await pool.request({
        method: 'POST',
        path,
        body,
        headers: withTraceContext({ 'content-type': 'application/json', accept: 'application/json', [identityHeader]: identityToken }),
      });
      return await response.body.text();
    } catch {
      return null;
    }
  }

  /** A request shareable by identical fetches. */
  const sendShared = async (body: string, identityToken: string): Promise<SharedResponse> => ({ text: await send(body, identityToken), parsedFor: new Map() });

  /** The response of `shared` for the client operation `operationKey`, parsed on its first read. */
  function responseFor(shared: SharedResponse, operationKey: string): GatewayGraphQLResponse {
    let response = shared.parsedFor.get(operationKey);
    if (!response) {
      response = responseOf(shared.text);
      shared.parsedFor.set(operationKey, response);
    }
    return response;
  }

  /** A GraphQL response of its own parsed from `text`, or DOWNSTREAM_SERVICE_ERROR when it is none. */
  function responseOf(text: string | null): GatewayGraphQLResponse {
    if (text === null) return unavailable(options.name);
    try {
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
      if (!isQuery) return responseOf(await send(body, identityToken));
      const scope = `${identity.userId ?? ''}|${identity.role ?? ''}|${identity.scopes?.join(',') ?? '*'}`;
      const fetch = trace.getActiveSpan();
      const sampled = fetch !== undefined && (fetch.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
      const operationKey = operationKeyOf(request.incomingRequestContext);
      if (!sampled) return responseFor(await dedupe(scope, body, () => sendShared(body, identityToken)), operationKey);
      const key = `${scope}\n${body}`;
      if (dedupe.has(scope, body)) {
        // Answered by another operation's request: say so, and link to its fetch when that one is sampled (its trace holds the subgraph's spans).
        fetch.setAttribute(sharedFetchAttribute, true);
        const leader = sampledLeaders.get(key);
        if (leader) fetch.addLink({ context: leader });
      }
      const shared = await dedupe(scope, body, () => {
        const leader = fetch.spanContext();
        sampledLeaders.set(key, leader);
        return sendShared(body, identityToken).finally(() => {
          if (sampledLeaders.get(key) === leader) sampledLeaders.delete(key);
        });
      });
      return responseFor(shared, operationKey);
    },
    forgetInFlight: () => dedupe.forget(),
    close: () => pool.close(),
  };
}
