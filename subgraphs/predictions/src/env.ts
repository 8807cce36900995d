import { commonEnvShape, listenEnvShape, parseEnv, resolveSecrets } from '@cryptograph/core';
import { z } from 'zod';

const predictionsEnvSchema = z.object({
  ...commonEnvShape,
  ...listenEnvShape(4003),
  JWT_SECRET: z.string().min(32).optional(),
  /** The market subgraph, asked whether assets exist. */
  MARKET_URL: z.url().default('http://localhost:4002/graphql'),
});

/** The predictions subgraph's configuration. */
export type PredictionsEnv = z.infer<typeof predictionsEnvSchema> & { readonly internalSecret: string };

/** Parses the predictions subgraph's environment once; fails fast on invalid values. */
export function loadPredictionsEnv(source: Record<string, string | undefined>): Readonly<PredictionsEnv> {
  const env = parseEnv(predictionsEnvSchema, source);
  return Object.freeze({ ...env, internalSecret: resolveSecrets(env).internalSecret });
}
