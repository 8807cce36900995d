import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';

/**
 * Receives what a stream yields. `next` payloads are serialized results (UTF-8 JSON), serialized
 * once per event and shared by every subscriber of a shared stream; `conflationKey` marks an event
 * a newer one with the same key may replace while it waits for a slow client (null: never replaced).
 */
export interface EventSink {
  next(payload: Buffer, conflationKey: string | null): void;
  /** Ends the stream with errors (formatted for clients). */
  error(errors: readonly GraphQLFormattedError[]): void;
  complete(): void;
}

/** A single result: a query's or mutation's answer, or the errors that stopped an operation. */
export interface ResultOutcome {
  readonly kind: 'result';
  readonly result: FormattedExecutionResult;
  /** The HTTP status for transports that have one (200 unless an error says otherwise). */
  readonly status: number;
  /** Response headers plugins set, for transports that carry them. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** A stream of results (a subscription): nothing runs until a transport starts it with its sink. */
export interface StreamOutcome {
  readonly kind: 'stream';
  /** Starts the stream into `sink`; returns how to stop it (idempotent; no sink call follows a stop). */
  start(sink: EventSink): () => void;
}

/** How an operation ended up: one result, or a stream to start. */
export type OperationOutcome = ResultOutcome | StreamOutcome;

/**
 * True when a result is a request error: the operation was refused before it ran (GraphQL over
 * HTTP's "no `data` entry"). Stream transports send these as errors (graphql-ws `error`, an HTTP
 * error on an SSE reservation), and execution results as results.
 */
export function isRequestError(result: FormattedExecutionResult): boolean {
  return !('data' in result);
}

/** A result outcome with only `errors`, as transports send refused operations. */
export function errorOutcome(errors: readonly GraphQLFormattedError[], status: number): ResultOutcome {
  return { kind: 'result', result: { errors }, status };
}
