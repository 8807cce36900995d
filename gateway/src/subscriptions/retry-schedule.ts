/** Bounds of the reconnect backoff, in milliseconds. */
export interface RetryBounds {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Reconnect backoff of upstream subscription connections: 250 ms doubling up to 3 s, so a restarted subgraph is used again within seconds. */
export const upstreamRetryBounds: RetryBounds = { initialMs: 250, maxMs: 3_000 };

/**
 * Delay before retry number `failures` (0-based): "full jitter" exponential backoff, a random time
 * between half and all of min(maxMs, initialMs · 2^failures). Written here because it is one line:
 * the registry's retry libraries either drive the retried call themselves (ours is driven by
 * graphql-ws callbacks) or stop jittering at the cap, where every gateway would retry in step.
 */
export function retryDelay(failures: number, bounds: RetryBounds, random: () => number = Math.random): number {
  const cap = Math.min(bounds.maxMs, bounds.initialMs * 2 ** Math.min(failures, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}

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
      const delay = retryDelay(this.#failures, this.#bounds);
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
