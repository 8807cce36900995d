import { commonEnvShape, listenEnvShape, parseEnv, resolveSecrets } from '@cryptograph/core';
import { z } from 'zod';
import { replaySpeedSchema } from './replay/replay-speed.js';

const marketEnvSchema = z.object({
  ...commonEnvShape,
  ...listenEnvShape(4002),
  /** Speed of the offline feed (replay, then simulation): feed seconds per second (60 = a minute of data per second), `max`, or 0 for off. */
  REPLAY_SPEED: replaySpeedSchema.default(60),
  /**
   * The market feed: `auto` (live exchange data when the exchange answers, else the offline feed),
   * `coinbase` (live only), `replay` (offline only) or `off`.
   */
  EXCHANGE_FEED: z.enum(['auto', 'coinbase', 'replay', 'off']).default('auto'),
  /** WebSocket URL of the exchange feed. */
  EXCHANGE_WS_URL: z.url({ protocol: /^wss?$/ }).default('wss://ws-feed.exchange.coinbase.com'),
  /** Base URL of the exchange's public REST API (server time, candles). */
  EXCHANGE_REST_URL: z.url({ protocol: /^https?$/ }).default('https://api.exchange.coinbase.com'),
  /** How long `auto` waits for the exchange to answer before falling back to the offline feed. */
  EXCHANGE_PROBE_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3000),
  /** REST requests per second, under the exchange's public limit (10 per second per IP). */
  EXCHANGE_REQUESTS_PER_SECOND: z.coerce.number().int().min(1).max(10).default(5),
  /** Days of minute bars the backfill fetches; older gaps are filled with daily bars. */
  BACKFILL_MINUTES_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  /** How often a replica checks whether it should take over the feed (and the leader that it still leads). */
  FEED_LEADER_CHECK_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Stops the offline feed when its clock reaches this time (benchmarks, demos); default never. */
  REPLAY_UNTIL: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  /** `false` seeds only the asset catalog on first start, without the shipped candles (tests). */
  MARKET_SEED_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
});

/** The market subgraph's configuration. */
export type MarketEnv = z.infer<typeof marketEnvSchema> & { readonly internalSecret: string };

/** Parses the market subgraph's environment once; fails fast on invalid values. */
export function loadMarketEnv(source: Record<string, string | undefined>): Readonly<MarketEnv> {
  const env = parseEnv(marketEnvSchema, source);
  return Object.freeze({ ...env, internalSecret: resolveSecrets(env).internalSecret });
}
