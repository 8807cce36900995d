import { fastBuckets, MetricSources, metricsPerService } from '@cryptograph/otel';
import { Counter, Gauge, Histogram } from 'prom-client';
import { noHubStats, type HubStats } from '../subscriptions/subscription-hub.js';

/** What the subscription service reports as it runs (see `createSubscriptionService`). */
export interface SubscriptionObserver {
  /** A client subscription on root field `field` started; call the result once when it ends. */
  subscribed(field: string): () => void;
  /** One event of `field` was resolved `seconds` after it arrived from the subgraph (queue wait included). */
  resolved(field: string, seconds: number): void;
}

/** The live parts of one gateway the collected metrics read. */
export interface SubscriptionSources {
  /** Open graphql-ws connections. */
  readonly connections: () => number;
  /** Open SSE event streams and reservations. */
  readonly sseConnections: () => number;
  readonly stats: () => HubStats;
}

/** What each reporting gateway says when metrics are collected. */
interface GatewaySample {
  readonly connections: number;
  readonly sseConnections: number;
  readonly stats: HubStats;
}

/** One collected instrument: its name, help, what it reads of a gateway, and its fixed labels. */
type Reading = readonly [name: string, help: string, read: (gateway: GatewaySample) => number, labels?: Record<string, string>];

/** Gauges of what is open now. */
const gaugeReadings: readonly Reading[] = [
  ['cryptograph_websocket_connections', 'Open graphql-ws connections.', (gateway) => gateway.connections],
  ['cryptograph_sse_connections', 'Open GraphQL over SSE event streams and reservations.', (gateway) => gateway.sseConnections],
  [
    'cryptograph_subscription_streams',
    'Shared upstream subscription streams open (one per distinct document, variables and scope).',
    (gateway) => gateway.stats.streams,
  ],
];

/** Counters of the hubs' running totals. */
const counterReadings: readonly Reading[] = [
  [
    'cryptograph_subscription_events_received_total',
    'Subscription events received from subgraphs (once per shared stream).',
    (gateway) => gateway.stats.eventsReceived,
  ],
  [
    'cryptograph_subscription_events_executed_total',
    'Subscription events resolved and serialized (once per shared stream).',
    (gateway) => gateway.stats.eventsExecuted,
  ],
  [
    'cryptograph_subscription_events_delivered_total',
    'Subscription payloads handed to client sockets (one per subscriber and event).',
    (gateway) => gateway.stats.deliveries,
  ],
  [
    'cryptograph_subscription_events_conflated_total',
    'Price events replaced by a newer one of the same symbol before they were resolved (latest wins).',
    (gateway) => gateway.stats.eventsConflated,
  ],
  [
    'cryptograph_subscription_upstream_interruptions_total',
    'Times a shared stream lost its subgraph: its subscribers got DOWNSTREAM_SERVICE_ERROR and it was retried with backoff.',
    (gateway) => gateway.stats.upstreamInterruptions,
  ],
  [
    'cryptograph_subscription_events_dropped_total',
    'Subscription events dropped, by reason (duplicate: already delivered on a resumable stream).',
    (gateway) => gateway.stats.duplicatesDropped,
    { reason: 'duplicate' },
  ],
];

/** A service's instruments, and the gateways that report to them. */
const register = metricsPerService((registers) => {
  const gateways = new MetricSources<GatewaySample>();
  const sumOverGateways = (read: (gateway: GatewaySample) => number) => gateways.values().reduce((sum, gateway) => sum + read(gateway), 0);
  for (const [name, help, read] of gaugeReadings)
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(sumOverGateways(read));
      },
    });
  for (const [name, help, read, labels] of counterReadings)
    new Counter({
      name,
      help,
      labelNames: labels ? Object.keys(labels) : [],
      registers,
      collect() {
        this.reset();
        this.inc(labels ?? {}, sumOverGateways(read));
      },
    });
  return {
    gateways,
    active: new Gauge({ name: 'cryptograph_subscriptions_active', help: 'Active client subscriptions by root field.', labelNames: ['field'], registers }),
    latency: new Histogram({
      name: 'cryptograph_subscription_delivery_latency_seconds',
      help: 'Time from an event arriving from its subgraph to its payload being written to subscribers, by root field (add cryptograph_event_bus_latency_seconds for publish to deliver).',
      labelNames: ['field'],
      buckets: fastBuckets,
      registers,
    }),
  };
});

/**
 * Subscription and fan-out metrics of a gateway: open connections, active subscriptions by field,
 * events received, resolved, delivered, conflated and dropped, and the delivery latency histogram.
 * Returns the observer to hand to the subscription service and how to stop reporting this gateway.
 */
export function useSubscriptionMetrics(
  sources: () => SubscriptionSources | undefined,
  service = 'gateway',
): { observer: SubscriptionObserver; stop: () => void } {
  const { gateways, active, latency } = register(service);
  const stop = gateways.add(() => {
    const current = sources();
    return { connections: current?.connections() ?? 0, sseConnections: current?.sseConnections() ?? 0, stats: current?.stats() ?? noHubStats() };
  });
  return {
    stop,
    observer: {
      subscribed(field) {
        active.inc({ field });
        let ended = false;
        return () => {
          if (ended) return;
          ended = true;
          active.dec({ field });
        };
      },
      resolved: (field, seconds) => latency.observe({ field }, seconds),
    },
  };
}
