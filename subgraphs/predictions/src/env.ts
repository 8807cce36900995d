import { OperatorError, commonEnvShape, listenEnvShape, parseEnv, resolveSecrets } from '@cryptograph/core';
import { z } from 'zod';

const predictionsEnvSchema = z.object({
  ...commonEnvShape,
  ...listenEnvShape(4003),
  /** The market subgraph: asset checks and candles. */
  MARKET_URL: z.url().default('http://localhost:4002/graphql'),
  /** Port of the standalone worker's `/metrics` and `/health` (`npm run start:worker`); 0 picks a free one. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** `true` runs the job worker and the prediction scheduler inside the subgraph process; `false` for API-only replicas beside `start:worker` processes. */
  PREDICTIONS_WORKER: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Attempts before a job fails for good. */
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** Delay before the first retry of a job (doubles per retry). */
  JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(2),
  /** Lease of a running job (renewed while its worker lives): a job whose worker vanished is retried after this long. */
  JOB_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** `auto`: pg-boss with DATABASE_URL, else the in-process queue; `pg-boss` (needs DATABASE_URL) or `in-process` to choose. */
  JOB_QUEUE: z.enum(['auto', 'pg-boss', 'in-process']).default('auto'),
  /** `off` disables the default models (created, trained and promoted for every asset otherwise). */
  DEFAULT_MODELS: z.enum(['on', 'off']).default('on'),
  /** Jobs one worker runs at once. */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  /** Pause before each progress step (demos and durability tests); 0 in normal use. */
  JOB_STEP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

/** The predictions subgraph's configuration. */
export type PredictionsEnv = z.infer<typeof predictionsEnvSchema> & { readonly internalSecret: string };

/** Parses the predictions subgraph's environment once; fails fast on invalid values. */
export function loadPredictionsEnv(source: Record<string, string | undefined>): Readonly<PredictionsEnv> {
  const env = parseEnv(predictionsEnvSchema, source);
  if (env.JOB_QUEUE === 'pg-boss' && !env.DATABASE_URL)
    throw new OperatorError('JOB_QUEUE', 'pg-boss needs DATABASE_URL (a real Postgres server); use auto or in-process on the embedded database');
  return Object.freeze({ ...env, internalSecret: resolveSecrets(env).internalSecret });
}
