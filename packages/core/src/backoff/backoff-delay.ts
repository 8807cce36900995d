import retry from 'retry';

/** An exponential backoff: the first delay, the cap, and whether delays are spread at random. */
export interface BackoffSchedule {
  /** Delay before the first retry, in milliseconds (with jitter: between this and twice this). */
  readonly initialMs: number;
  /** Longest delay, in milliseconds (`Infinity`: no cap). */
  readonly maxMs: number;
  /** Growth per retry; default 2 (each delay doubles). */
  readonly factor?: number;
  /** Spread each delay at random, so many clients do not retry in step (also once at the cap); default true. */
  readonly jitter?: boolean;
}

/**
 * Delay before retry number `attempt` (0-based). The step `initialMs · factor^attempt` is node-retry's
 * `createTimeout` (the formula p-retry uses for the market's REST requests). Without jitter the delay
 * is the step, capped at `maxMs`. With jitter it is "equal jitter" applied after the cap: a random
 * delay between half and all of `min(maxMs, 2 · step)` — between the step and twice the step below
 * the cap (node-retry's own range), between `maxMs / 2` and `maxMs` at the cap. node-retry randomizes
 * before capping, so at the cap every client would wait exactly `maxMs` and retry in step: that is
 * why the spread is applied here. Every retry in the system (exchange reconnects, offline feed
 * restarts, job retries, the gateway's upstream subscriptions, the dashboard's resubscriptions)
 * follows this one schedule shape.
 */
export function backoffDelay(attempt: number, schedule: BackoffSchedule, random: () => number = Math.random): number {
  const step = retry.createTimeout(Math.max(0, attempt), {
    minTimeout: schedule.initialMs,
    maxTimeout: Number.POSITIVE_INFINITY,
    factor: schedule.factor ?? 2,
    randomize: false,
  });
  if (!(schedule.jitter ?? true)) return Math.min(schedule.maxMs, step);
  const ceiling = Math.min(schedule.maxMs, 2 * step);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
