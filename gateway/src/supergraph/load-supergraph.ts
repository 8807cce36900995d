import { supergraphPath } from '@cryptograph/schema';
import { readFileSync } from 'node:fs';

/** The supergraph SDL to serve: SUPERGRAPH_PATH when set, else the committed composition. */
export function loadSupergraphSdl(path: string | undefined): string {
  return readFileSync(path ?? supergraphPath, 'utf8');
}

/** The subgraph URL overrides from the environment, by subgraph name. */
export function subgraphUrlOverrides(env: {
  USERS_URL?: string | undefined;
  MARKET_URL?: string | undefined;
  PREDICTIONS_URL?: string | undefined;
}): Record<string, string> {
  const overrides: Record<string, string> = {};
  if (env.USERS_URL) overrides.users = env.USERS_URL;
  if (env.MARKET_URL) overrides.market = env.MARKET_URL;
  if (env.PREDICTIONS_URL) overrides.predictions = env.PREDICTIONS_URL;
  return overrides;
}
