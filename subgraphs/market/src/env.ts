import { commonEnvShape, listenEnvShape, parseEnv, resolveSecrets } from '@cryptograph/core';
import { z } from 'zod';

const marketEnvSchema = z.object({ ...commonEnvShape, ...listenEnvShape(4002), JWT_SECRET: z.string().min(32).optional() });

/** The market subgraph's configuration. */
export type MarketEnv = z.infer<typeof marketEnvSchema> & { readonly internalSecret: string };

/** Parses the market subgraph's environment once; fails fast on invalid values. */
export function loadMarketEnv(source: Record<string, string | undefined>): Readonly<MarketEnv> {
  const env = parseEnv(marketEnvSchema, source);
  return Object.freeze({ ...env, internalSecret: resolveSecrets(env).internalSecret });
}
