import retry from 'retry';

/** An exponential backoff: the first delay, the cap, and whether delays are spread at random. */
export interface BackoffSchedule {
  /** Delay before the first retry, in milliseconds. */
  readonly initialMs: number;
  /** Longest delay, in milliseconds (`Infinity`: no cap). */
  readonly maxMs: number;
  /** Growth per retry; default 2 (each delay doubles). */
  readonly factor?: number;
  /** Multiply each delay by a random factor between 1 and 2, so many clients do not retry in step; default true. */
  readonly jitter?: boolean;
}

/**
 * Delay before retry number `attempt` (0-based): `initialMs · factor^attempt`, times a random 1–2
 * with jitter, capped at `maxMs`. Computed by node-retry's `createTimeout`, the formula p-retry
 * uses for the market's REST requests, so every retry in the system (exchange reconnects, job
 * retries, the dashboard's resubscriptions) follows one schedule shape.
 */
export function backoffDelay(attempt: number, schedule: BackoffSchedule): number {
  return retry.createTimeout(Math.max(0, attempt), {
    minTimeout: schedule.initialMs,
    maxTimeout: schedule.maxMs,
    factor: schedule.factor ?? 2,
    randomize: schedule.jitter ?? true,
  });
}
