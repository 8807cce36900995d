import { backoffDelay, type BackoffSchedule } from '@cryptograph/core/base';

/** Bounds of the reconnect backoff, in milliseconds: the shared `backoffDelay` schedule, with jitter. */
export type RetryBounds = BackoffSchedule;

/** Reconnect backoff of upstream subscription connections: 125–250 ms doubling up to 1.5–3 s, so a restarted subgraph is used again within seconds. */
export const upstreamRetryBounds: RetryBounds = { initialMs: 125, maxMs: 3_000 };

/**
 * One backoff shared by everything that retries over the same connection: the subscriptions a lost
 * connection carried all wait for the same timer and then retry together, so they share one new
 * connection attempt instead of making one each. Failures count up until `succeeded()`.
 */
export class RetrySchedule {
  readonly #bounds: RetryBounds;
  readonly #waiting = new Set<() => void>();
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(bounds: RetryBounds = upstreamRetryBounds) {
    this.#bounds = bounds;
  }

  /** Runs `retry` once the current backoff has passed; returns how to cancel it. */
  schedule(retry: () => void): () => void {
    this.#waiting.add(retry);
    if (!this.#timer) {
      const delay = backoffDelay(this.#failures, this.#bounds);
      this.#failures += 1;
      this.#timer = setTimeout(() => this.#fire(), delay);
    }
    return () => void this.#waiting.delete(retry);
  }

  /** The connection works again: the next failure starts the backoff from the beginning. */
  succeeded(): void {
    this.#failures = 0;
  }

  /** How many retries in a row failed so far. */
  get failures(): number {
    return this.#failures;
  }

  /** Drops every waiting retry. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#waiting.clear();
  }

  #fire(): void {
    this.#timer = undefined;
    const retries = [...this.#waiting];
    this.#waiting.clear();
    for (const retry of retries) retry();
  }
}
