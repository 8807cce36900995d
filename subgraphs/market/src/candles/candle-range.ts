import { badUserInput } from '@cryptograph/core';
import { DateTimeResolver } from 'graphql-scalars';
import type { CandleInterval } from '../generated/resolvers-types.js';
import { intervalSeconds, nativeIntervalOf, type NativeInterval } from './candle-interval.js';

/** Candles returned when no range is given: this many intervals before the range end. */
export const defaultCandleCount = 1000;
/** Largest `maxPoints`, and the most intervals a range may span without `maxPoints`. */
export const maxCandles = 10_000;
/** Earliest `from` accepted: no crypto asset traded before Bitcoin's genesis block. */
export const earliestCandleTime = new Date('2009-01-03T00:00:00Z');
/** How far past the current time `to` may reach. */
const futureSlackMs = 366 * 24 * 3600 * 1000;

/** The arguments of a candles query, as the client sent them. */
export interface CandleArgs {
  readonly interval: CandleInterval;
  readonly from?: Date | string | null | undefined;
  readonly to?: Date | string | null | undefined;
  readonly maxPoints?: number | null | undefined;
}

/**
 * A validated candles query: which native bars (those starting in [from, to)), which bucket width, and where the first
 * bucket starts (`origin`, at or before `from`).
 */
export interface CandlePlan {
  readonly native: NativeInterval;
  readonly bucketSeconds: number;
  readonly origin: Date;
  readonly from: Date;
  readonly to: Date;
}

const floorTo = (ms: number, widthMs: number) => Math.floor(ms / widthMs) * widthMs;
const ceilTo = (ms: number, widthMs: number) => Math.ceil(ms / widthMs) * widthMs;

/** Parses a DateTime argument strictly (RFC 3339, no rolled-over dates); BAD_USER_INPUT naming `field` when it is not a valid time. */
export function parseTime(value: Date | string, field: string): Date {
  let date: Date;
  try {
    date = value instanceof Date ? value : (DateTimeResolver.parseValue(value) as Date);
  } catch {
    throw badUserInput(`"${field}" must be a DateTime: an ISO-8601 date and time in UTC, e.g. 2024-06-30T00:00:00Z.`, field);
  }
  if (Number.isNaN(date.getTime())) throw badUserInput(`"${field}" must be a DateTime: an ISO-8601 date and time in UTC, e.g. 2024-06-30T00:00:00Z.`, field);
  return date;
}

/**
 * Validates the arguments and plans the query. `latestTs` (start of the latest stored native bar,
 * looked up only when needed) gives the default range end; `now` is the later of the wall clock
 * and the feed's clock (a fast replay runs ahead of the wall clock). Only native bars starting in
 * [from, to) are aggregated: buckets start at `from` rounded down to the interval (so they line up
 * with UTC minutes, hours and days), the first and last bucket are cut at `from` and `to`. With
 * `maxPoints` the bucket is the smallest multiple of the interval that fits the range in
 * `maxPoints` buckets.
 */
export async function planCandles(
  args: CandleArgs,
  latestTs: () => Promise<Date | null>,
  now = new Date(),
  feedTime: () => Promise<Date | null> = async () => null,
): Promise<CandlePlan> {
  const native = nativeIntervalOf(args.interval);
  const stepMs = intervalSeconds[args.interval] * 1000;
  const maxPoints = args.maxPoints ?? null;
  if (maxPoints !== null && (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > maxCandles)) {
    throw badUserInput(`"maxPoints" must be between 1 and ${maxCandles}.`, 'maxPoints');
  }
  let from = args.from != null ? parseTime(args.from, 'from') : null;
  let to = args.to != null ? parseTime(args.to, 'to') : null;
  if (from && from < earliestCandleTime) throw badUserInput(`"from" must not be before ${earliestCandleTime.toISOString()}.`, 'from');
  const latest = Math.max(from?.getTime() ?? 0, to?.getTime() ?? 0);
  if (latest > now.getTime() + futureSlackMs) {
    // A replay at 60x runs ahead of the wall clock: its own clock counts as "now" too.
    const feed = await feedTime();
    const limit = Math.max(now.getTime(), feed?.getTime() ?? 0) + futureSlackMs;
    if (from && from.getTime() > limit) throw badUserInput('"from" must not be more than a year past the current time or the feed\'s clock.', 'from');
    if (to && to.getTime() > limit) throw badUserInput('"to" must not be more than a year past the current time or the feed\'s clock.', 'to');
  }
  if (from && to && from >= to) throw badUserInput('"from" must be before "to".', 'to');
  if (!to) {
    if (from) to = new Date(from.getTime() + defaultCandleCount * stepMs);
    else {
      const newest = await latestTs();
      to = new Date((newest ?? now).getTime() + (native === '1d' ? 86_400_000 : 60_000));
    }
  }
  if (!from) from = new Date(Math.max(earliestCandleTime.getTime(), to.getTime() - defaultCandleCount * stepMs));
  if (from >= to) throw badUserInput('"from" must be before "to".', 'to');

  // Buckets start at `from` rounded down to the interval (which is epoch-aligned, so plain
  // intervals line up with UTC minutes/hours/days); `maxPoints` widens them to a multiple of it.
  // The bars aggregated are those in [from, to) only: the last bucket is cut at `to`.
  const origin = floorTo(from.getTime(), stepMs);
  const steps = (ceilTo(to.getTime(), stepMs) - origin) / stepMs;
  if (maxPoints === null && steps > maxCandles) {
    throw badUserInput(`The range spans more than ${maxCandles} ${args.interval} candles: narrow it or pass "maxPoints".`, 'from');
  }
  const multiple = maxPoints === null ? 1 : Math.max(1, Math.ceil(steps / maxPoints));
  return { native, bucketSeconds: (multiple * stepMs) / 1000, origin: new Date(origin), from, to };
}
