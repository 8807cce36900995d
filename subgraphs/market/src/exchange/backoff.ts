/** Exponential backoff bounds, in milliseconds. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): "full jitter" exponential backoff, a random
 * time between 0 and min(maxMs, initialMs · 2^attempt), so many clients do not reconnect in step.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * cap);
}
