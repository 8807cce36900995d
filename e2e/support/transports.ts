// E2E support: one operation with given credentials over any of the gateway's three transports (HTTP, graphql-ws, graphql-sse), with one outcome shape.
import { graphqlWsClient, graphqlWsUrl } from '@cryptograph/testing';
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { createClient as createSseClient, NetworkError, type RequestParams } from 'graphql-sse';

/** The gateway's transports. */
export const transports = ['http', 'ws', 'sse'] as const;

/** One of the gateway's transports. */
export type Transport = (typeof transports)[number];

/** Who runs an operation; nothing set is an anonymous caller. */
export interface Caller {
  /** An access token, sent as `Bearer <token>`. */
  readonly token?: string;
  /** An API key (`x-api-key` header over HTTP and SSE, `apiKey` in `connection_init`). */
  readonly apiKey?: string;
  /** A raw `Authorization` value (forged schemes, garbage); wins over `token`. */
  readonly authorization?: string;
  /** Extra headers: on every request (HTTP, SSE) and on the WebSocket upgrade. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The operation to run. */
export interface OperationInput {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  readonly extensions?: Record<string, unknown>;
}

/** What happened to one operation on one transport. */
export interface TransportOutcome {
  readonly transport: Transport;
  /** Results received: the HTTP body when it has `data`; every `next` payload on WebSocket and SSE. */
  readonly results: FormattedExecutionResult[];
  /** Every GraphQL error the client received, in results or as the refusal of the operation. */
  readonly errors: GraphQLFormattedError[];
  /** The HTTP status of the answer (HTTP) or of a refused SSE request; undefined for WebSocket. */
  readonly status?: number;
  /** The close code when the WebSocket was closed on the operation. */
  readonly closeCode?: number;
  /** True when the operation ended (completed or refused) before the time limit or the wanted number of results. */
  readonly ended: boolean;
}

/** How long to wait and when to stop. */
export interface RunOptions {
  /** Give up (and stop the operation) after this long; default 5 s. */
  readonly timeoutMs?: number;
  /** For streams: stop once this many results arrived. */
  readonly results?: number;
  /**
   * Called once the operation has been sent (e.g. to publish events for a subscription); `settled` is aborted once its
   * outcome is known, so a publisher stops before the stack does.
   */
  readonly started?: (settled: AbortSignal) => Promise<void> | void;
  /** SSE only: run in graphql-sse's single connection mode instead of distinct connections. */
  readonly sseMode?: 'distinct' | 'single';
}

function authorizationOf(caller: Caller): string | undefined {
  return caller.authorization ?? (caller.token ? `Bearer ${caller.token}` : undefined);
}

/** The HTTP headers a caller sends (HTTP and SSE). */
export function headersOf(caller: Caller): Record<string, string> {
  const authorization = authorizationOf(caller);
  return {
    ...(authorization !== undefined ? { authorization } : {}),
    ...(caller.apiKey !== undefined ? { 'x-api-key': caller.apiKey } : {}),
    ...caller.headers,
  };
}

/** The graphql-ws `connection_init` payload of a caller. */
export function connectionParamsOf(caller: Caller): Record<string, unknown> {
  const authorization = authorizationOf(caller);
  return { ...(authorization !== undefined ? { authorization } : {}), ...(caller.apiKey !== undefined ? { apiKey: caller.apiKey } : {}) };
}

function errorsIn(results: readonly FormattedExecutionResult[]): GraphQLFormattedError[] {
  return results.flatMap((result) => result.errors ?? []);
}

async function overHttp(gatewayUrl: string, caller: Caller, operation: OperationInput): Promise<TransportOutcome> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headersOf(caller) },
    body: JSON.stringify(operation),
  });
  const body = (await response.json()) as FormattedExecutionResult;
  const results = 'data' in body ? [body] : [];
  return { transport: 'http', results, errors: body.errors ? [...body.errors] : [], status: response.status, ended: true };
}

function overWebSocket(gatewayUrl: string, caller: Caller, operation: OperationInput, options: RunOptions): Promise<TransportOutcome> {
  const client = graphqlWsClient(graphqlWsUrl(gatewayUrl), { headers: caller.headers, connectionParams: connectionParamsOf(caller) });
  return new Promise((resolve) => {
    const results: FormattedExecutionResult[] = [];
    const refusal: GraphQLFormattedError[] = [];
    let closeCode: number | undefined;
    let settled = false;
    const outcomeKnown = new AbortController();
    const settle = (ended: boolean) => {
      if (settled) return;
      settled = true;
      outcomeKnown.abort();
      clearTimeout(timer);
      stop();
      void client.dispose();
      resolve({ transport: 'ws', results, errors: [...errorsIn(results), ...refusal], ...(closeCode !== undefined ? { closeCode } : {}), ended });
    };
    const timer = setTimeout(() => settle(false), options.timeoutMs ?? 5_000);
    const stop = client.subscribe(operation, {
      next: (result) => {
        results.push(result as FormattedExecutionResult);
        if (options.results !== undefined && results.length >= options.results) settle(false);
      },
      error: (error) => {
        if (Array.isArray(error)) refusal.push(...(error as GraphQLFormattedError[]));
        else closeCode = (error as { code?: number }).code;
        settle(true);
      },
      complete: () => settle(true),
    });
    void options.started?.(outcomeKnown.signal);
  });
}

/**
 * fetch for the SSE client that reads a refused answer's body at once: the client aborts its
 * request when it reports the refusal, which would cut the body off before the test reads it.
 * Event streams, reservations (201) and accepted operations (202) pass as they are.
 */
async function fetchKeepingRefusals(input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> {
  const response = await fetch(input, init);
  if (response.status === 201 || response.status === 202 || response.headers.get('content-type')?.includes('text/event-stream')) return response;
  return new Response(await response.text(), { status: response.status, statusText: response.statusText, headers: response.headers });
}

async function overSse(gatewayUrl: string, caller: Caller, operation: OperationInput, options: RunOptions): Promise<TransportOutcome> {
  const client = createSseClient({
    url: `${gatewayUrl}/graphql/stream`,
    headers: headersOf(caller),
    retryAttempts: 0,
    singleConnection: options.sseMode === 'single',
    fetchFn: fetchKeepingRefusals,
  });
  const outcome = await new Promise<{ results: FormattedExecutionResult[]; failure?: unknown; ended: boolean }>((resolve) => {
    const results: FormattedExecutionResult[] = [];
    let settled = false;
    const outcomeKnown = new AbortController();
    const settle = (ended: boolean, failure?: unknown) => {
      if (settled) return;
      settled = true;
      outcomeKnown.abort();
      clearTimeout(timer);
      stop();
      resolve({ results, failure, ended });
    };
    const timer = setTimeout(() => settle(false), options.timeoutMs ?? 5_000);
    const stop = client.subscribe(operation as RequestParams, {
      next: (result) => {
        results.push(result as FormattedExecutionResult);
        if (options.results !== undefined && results.length >= options.results) settle(false);
      },
      error: (error) => settle(true, error),
      complete: () => settle(true),
    });
    void options.started?.(outcomeKnown.signal);
  });
  const refusal: GraphQLFormattedError[] = [];
  let status: number | undefined;
  if (outcome.failure instanceof NetworkError && outcome.failure.response) {
    const response = outcome.failure.response as unknown as Response;
    status = response.status;
    const body = (await response.json().catch(() => ({}))) as FormattedExecutionResult;
    refusal.push(...(body.errors ?? []));
  } else if (outcome.failure !== undefined) {
    refusal.push({ message: `SSE client failure: ${String(outcome.failure)}`, extensions: { code: 'TRANSPORT_FAILURE' } });
  }
  client.dispose();
  return {
    transport: 'sse',
    results: outcome.results,
    errors: [...errorsIn(outcome.results), ...refusal],
    ...(status !== undefined ? { status } : {}),
    ended: outcome.ended,
  };
}

/** Runs `operation` as `caller` over `transport` and reports what the client saw. */
export function runOver(
  transport: Transport,
  gatewayUrl: string,
  caller: Caller,
  operation: OperationInput,
  options: RunOptions = {},
): Promise<TransportOutcome> {
  switch (transport) {
    case 'http':
      return overHttp(gatewayUrl, caller, operation);
    case 'ws':
      return overWebSocket(gatewayUrl, caller, operation, options);
    case 'sse':
      return overSse(gatewayUrl, caller, operation, options);
  }
}

/** The `extensions.code` of every error of an outcome. */
export function codesOf(outcome: TransportOutcome): string[] {
  return outcome.errors.map((error) => String(error.extensions?.code));
}
