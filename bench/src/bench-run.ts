/** Median of `values` (the mean of the two middle ones for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Something a benchmark started and must stop: a name for the log and its stop function (absent when never started). */
export type StopStep = readonly [name: string, stop: (() => Promise<void>) | undefined];

/** Stops each step in order; a failure is logged and does not keep the next ones from stopping. */
export async function stopInOrder(steps: readonly StopStep[]): Promise<void> {
  for (const [name, stop] of steps) {
    try {
      await stop?.();
    } catch (error) {
      console.error(`bench: stopping ${name} failed:`, error);
    }
  }
}

/**
 * Runs a benchmark's `main` and always its `cleanup`, then exits with the code `main` returns (0
 * when it returns nothing), 1 when it threw, 130 when interrupted by SIGINT/SIGTERM. The run stops
 * by itself: after twice `expectedSeconds` it is cleaned up and exits with 2.
 */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a benchmark's main may return nothing (exit 0) or its exit code
export async function runBenchmark(main: () => Promise<number | void>, cleanup: () => Promise<void>, expectedSeconds: number): Promise<never> {
  const limitSeconds = Math.round(expectedSeconds * 2);
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${limitSeconds} s, aborting`);
    void cleanup().finally(() => process.exit(2));
  }, limitSeconds * 1000);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  let exitCode: number;
  try {
    exitCode = (await main()) ?? 0;
  } catch (error) {
    console.error('bench failed:', error);
    exitCode = 1;
  } finally {
    await cleanup();
  }
  process.exit(exitCode);
}

/**
 * A numeric benchmark setting from `--flag=value`, else the environment variable `envName`, else
 * `fallback`; out of [min, max] it fails with a message naming both.
 */
export function setting(flag: string, envName: string, fallback: number, min: number, max: number): number {
  const arg = process.argv.find((value) => value.startsWith(`--${flag}=`));
  const raw = arg ? arg.slice(flag.length + 3) : process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${flag} / ${envName} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** A log function that prefixes each line with the seconds since this call, right-aligned to `width` characters. */
export function elapsedLog(width: number): (message: string) => void {
  const started = Date.now();
  return (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(width)} s] ${message}`);
}

/**
 * The load settings of a bench: `--seconds`, `--rounds`, `--connections` and `--warmup` (or their
 * BENCH_* variables) with `defaults` as fallbacks and `max` raising upper bounds, and `--no-readme`.
 */
export function loadSettings(
  defaults: { readonly seconds: number; readonly rounds: number; readonly warmupSeconds: number },
  max: { readonly seconds?: number; readonly rounds?: number; readonly warmupSeconds?: number } = {},
): { seconds: number; rounds: number; connections: number; warmupSeconds: number; writeReadme: boolean } {
  return {
    seconds: setting('seconds', 'BENCH_SECONDS', defaults.seconds, 1, max.seconds ?? 60),
    rounds: Math.round(setting('rounds', 'BENCH_ROUNDS', defaults.rounds, 1, max.rounds ?? 15)),
    connections: Math.round(setting('connections', 'BENCH_CONNECTIONS', 50, 1, 500)),
    warmupSeconds: setting('warmup', 'BENCH_WARMUP_SECONDS', defaults.warmupSeconds, 0, max.warmupSeconds ?? 30),
    writeReadme: !process.argv.includes('--no-readme'),
  };
}
