import { fastBuckets, metricsPerService } from '@cryptograph/otel';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { PriceIngestor } from './price-ingestor.js';

/** The ingestion metrics of a service, registered in its registry on first use. */
const ingestMetrics = metricsPerService((registers) => ({
  ticks: new Counter({
    name: 'cryptograph_market_ticks_ingested_total',
    help: 'Price ticks ingested (stored, cached and published): minute-bar closes (replayed, simulated, backfilled) and live trades.',
    registers,
  }),
  lag: new Histogram({
    name: 'cryptograph_market_ingest_lag_seconds',
    help: 'Time from a tick reaching the ingestor to it being stored and published (queue wait included).',
    buckets: fastBuckets,
    registers,
  }),
  latest: new Gauge({
    name: 'cryptograph_market_last_tick_timestamp_seconds',
    help: 'Data time of the newest ingested tick (replay time under the replay feed); time() minus it is the data age.',
    registers,
  }),
}));

/** Wraps the ingestor with ingestion metrics (ticks/s from the counter, ingest lag, data age) in `service`'s registry. */
export function instrumentIngestor(ingestor: PriceIngestor, service = 'market'): PriceIngestor {
  const metrics = ingestMetrics(service);
  const measured = async (ticks: number, newest: Date | undefined, work: Promise<void>) => {
    const started = performance.now();
    await work;
    metrics.lag.observe((performance.now() - started) / 1000);
    metrics.ticks.inc(ticks);
    if (newest) metrics.latest.set(newest.getTime() / 1000);
  };
  return {
    ingestMinuteBars: (bars, source) => measured(bars.length, bars.at(-1)?.bar.ts, ingestor.ingestMinuteBars(bars, source)),
    publishStoredBars: (bars, source) => measured(bars.length, bars.at(-1)?.bar.ts, ingestor.publishStoredBars(bars, source)),
    ingestSimulatedMinutes: (bars) => measured(bars.length, bars.at(-1)?.bar.ts, ingestor.ingestSimulatedMinutes(bars)),
    ingestTrade: (trade) => measured(1, trade.ts, ingestor.ingestTrade(trade)),
    closeLiveBar: ingestor.closeLiveBar,
    candlesChanged: ingestor.candlesChanged,
  };
}
