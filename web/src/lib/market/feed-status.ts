/** The market feed as `Query.marketFeed` reports it. */
export interface FeedReport {
  readonly source: 'LIVE' | 'REPLAY' | 'SIMULATED' | null;
  readonly mode: string;
  readonly speed: number | null;
  readonly time: string | null;
  readonly lagSeconds: number | null;
}

/** What the feed badge shows. */
export interface FeedStatus {
  /** `LIVE`, `REPLAY`, `SIMULATED` or `OFF`. */
  readonly label: string;
  /** CSS modifier: `live`, `replay`, `simulated` or `off`. */
  readonly tone: 'live' | 'replay' | 'simulated' | 'off';
  /** The feed's clock as `YYYY-MM-DD HH:MM UTC`, or null. */
  readonly clock: string | null;
  /** `60×`, `max`, or null when live or off. */
  readonly speed: string | null;
  /** True when the clock has not moved for a while. */
  readonly stalled: boolean;
  /** True when the feed runs but has not produced a price yet (connecting to the exchange, backfilling, starting). */
  readonly waiting: boolean;
  /** A sentence for the tooltip. */
  readonly explanation: string;
}

/** Seconds without a tick after which the badge calls the feed stalled. */
export const stalledAfterSeconds = 30;

const explanations: Record<FeedStatus['tone'], string> = {
  live: 'Live prices from the exchange.',
  replay: 'Real market data played back as a live feed, in its own clock.',
  simulated: 'Simulated prices: the exchange cannot be reached, so the market continues past the real data with invented prices, in its own clock.',
  off: 'The market feed is off: prices do not move.',
};

/**
 * The badge's view of the feed at wall-clock `nowMs`, `fetchedAtMs` being when `report` arrived:
 * between reports the clock is moved on at the feed's speed (live: real time), so a 60× replay
 * visibly runs at a minute per second; it never runs more than one report ahead of the last one.
 */
export function feedStatus(report: FeedReport | null | undefined, nowMs: number, fetchedAtMs: number, pollMs: number): FeedStatus {
  if (!report || report.mode === 'off' || !report.source) {
    return {
      label: 'OFF',
      tone: 'off',
      clock: report?.time ? formatClock(Date.parse(report.time)) : null,
      speed: null,
      stalled: false,
      waiting: false,
      explanation: explanations.off,
    };
  }
  const tone = report.source === 'LIVE' ? 'live' : report.source === 'REPLAY' ? 'replay' : 'simulated';
  const speed = tone === 'live' ? null : report.speed === null ? 'max' : `${report.speed}×`;
  if (!report.time) {
    const why =
      tone === 'live' ? 'connecting to the exchange and filling in the history (it keeps retrying while the exchange does not answer)' : 'the feed is starting';
    return { label: report.source, tone, clock: null, speed, stalled: false, waiting: true, explanation: `${explanations[tone]} No price yet: ${why}.` };
  }
  const lag = (report.lagSeconds ?? 0) + (nowMs - fetchedAtMs) / 1000;
  const stalled = lag > stalledAfterSeconds;
  const rate = tone === 'live' ? 1 : (report.speed ?? 0);
  const elapsedMs = stalled ? 0 : Math.min(Math.max(nowMs - fetchedAtMs, 0), pollMs);
  const clock = report.time ? formatClock(Date.parse(report.time) + elapsedMs * rate) : null;
  return {
    label: report.source,
    tone,
    clock,
    speed,
    stalled,
    waiting: false,
    explanation: `${explanations[tone]}${stalled ? ` No new price for ${Math.round(lag)} s.` : ''}`,
  };
}

/** A time as `YYYY-MM-DD HH:MM UTC`. */
function formatClock(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
