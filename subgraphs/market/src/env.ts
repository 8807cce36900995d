import { commonEnvShape, listenEnvShape, parseEnv, resolveSecrets } from '@cryptograph/core';
import { z } from 'zod';
import { replaySpeedSchema } from './replay/replay-speed.js';

const marketEnvSchema = z.object({
  ...commonEnvShape,
  ...listenEnvShape(4002),
  /** Replay feed speed: data seconds per second (60 = a minute of data per second), `max`, or 0 for off. */
  REPLAY_SPEED: replaySpeedSchema.default(60),
  /** Live exchange feed: `off`, or `coinbase` (then the replay feed stays off). */
  EXCHANGE_FEED: z.enum(['off', 'coinbase']).default('off'),
  /** WebSocket URL of the exchange feed. */
  EXCHANGE_WS_URL: z.url({ protocol: /^wss?$/ }).default('wss://ws-feed.exchange.coinbase.com'),
  /** `false` seeds only the asset catalog on first start, without the shipped candles (tests). */
  MARKET_SEED_DATA: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
});

/** The market subgraph's configuration. */
export type MarketEnv = z.infer<typeof marketEnvSchema> & { readonly internalSecret: string };

/** Parses the market subgraph's environment once; fails fast on invalid values. */
export function loadMarketEnv(source: Record<string, string | undefined>): Readonly<MarketEnv> {
  const env = parseEnv(marketEnvSchema, source);
  return Object.freeze({ ...env, internalSecret: resolveSecrets(env).internalSecret });
}
