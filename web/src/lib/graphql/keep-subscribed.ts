import { backoffDelay } from '@cryptograph/core/backoff';
import type { AnyVariables, Client, CombinedError, DocumentInput } from '@urql/core';
import { onEnd, pipe, subscribe } from 'wonka';

/** What `keepSubscribed` reports besides data. */
export interface LiveCallbacks<Data> {
  /** Each event's data. */
  onData(data: Data): void;
  /** The subscription failed or dropped and will be retried after a pause. */
  onError?(error: CombinedError): void;
  /** The server ended the subscription normally (e.g. a finished job). */
  onComplete?(): void;
}

/** Resubscription backoff: 0.5–1 s doubling up to 2.5–5 s, random also at the cap, so dashboards do not all come back at once after a gateway restart. */
export function retryDelayMs(attempt: number): number {
  return backoffDelay(attempt, { initialMs: 500, maxMs: 5_000 });
}

/**
 * Keeps a subscription alive: on an error or a dropped socket it resubscribes after a backoff,
 * reading `variables()` again each time (so a feed can pass the last id it saw as `after`).
 * A normal completion is final unless `restartOnComplete`. Returns the stop function.
 */
export function keepSubscribed<Data, Variables extends AnyVariables>(
  client: Client,
  document: DocumentInput<Data, Variables>,
  variables: () => Variables,
  callbacks: LiveCallbacks<Data>,
  options: { restartOnComplete?: boolean } = {},
): () => void {
  let stopped = false;
  let attempt = 0;
  let failed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: { unsubscribe(): void } | undefined;

  const schedule = () => {
    current?.unsubscribe();
    if (stopped) return;
    timer = setTimeout(start, retryDelayMs(attempt));
    attempt += 1;
  };
  const start = () => {
    failed = false;
    current = pipe(
      client.subscription(document, variables()),
      onEnd(() => {
        if (stopped || failed) return;
        if (options.restartOnComplete) schedule();
        else callbacks.onComplete?.();
      }),
      subscribe((result) => {
        if (result.error) {
          failed = true;
          callbacks.onError?.(result.error);
          schedule();
        } else if (result.data) {
          attempt = 0;
          callbacks.onData(result.data);
        }
      }),
    );
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    current?.unsubscribe();
  };
}
