import { context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, trace, type Link } from '@opentelemetry/api';
import { fastBuckets, processRegistry } from '@cryptograph/otel';
import { Counter, Histogram } from 'prom-client';
import type { EventBus } from '../bus/event-bus.js';

/** Field of a bus message that carries the publisher's trace context and time; removed before handlers see the message. */
const traceField = '_trace';

interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
  /** Epoch milliseconds of the publish. */
  at: number;
}

let metrics: { published: Counter<'channel'>; received: Counter<'channel'>; latency: Histogram<'channel'> } | undefined;

function busMetrics() {
  if (!metrics) {
    const registers = [processRegistry()];
    metrics = {
      published: new Counter({
        name: 'cryptograph_events_published_total',
        help: 'Events published on the event bus, by channel.',
        labelNames: ['channel'],
        registers,
      }),
      received: new Counter({
        name: 'cryptograph_events_received_total',
        help: 'Events received from the event bus by this process, by channel.',
        labelNames: ['channel'],
        registers,
      }),
      latency: new Histogram({
        name: 'cryptograph_event_bus_latency_seconds',
        help: 'Time from publish to a subscriber receiving the event, by channel.',
        labelNames: ['channel'],
        buckets: fastBuckets,
        registers,
      }),
    };
  }
  return metrics;
}

const tracer = trace.getTracer('@cryptograph/core/bus');
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Wraps an event bus with tracing and metrics. Inside a trace (a job, a request), publishing starts
 * a PRODUCER span and carries its W3C trace context in the message; a subscriber receiving such a
 * message runs its handler in a CONSUMER span of a new trace *linked* to the producer span, so a
 * prediction job's trace links to the event it published and to its delivery. Every object message
 * carries its publish time, for the publish → receive latency histogram. Channel names are code
 * constants (bounded labels).
 */
export function traceEventBus(bus: EventBus): EventBus {
  const counters = busMetrics();
  return {
    ...bus,
    async publish(channel, message) {
      counters.published.inc({ channel });
      if (!isPlainObject(message)) return bus.publish(channel, message);
      // Inside a trace (its span may have ended: a job's after-commit step runs after its work span).
      const parent = trace.getSpanContext(context.active());
      if (!parent || !isSpanContextValid(parent)) return bus.publish(channel, { ...message, [traceField]: { at: Date.now() } satisfies TraceCarrier });
      return tracer.startActiveSpan(
        `publish ${channel}`,
        { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'cryptograph-bus', 'messaging.destination.name': channel } },
        async (span) => {
          const carrier: TraceCarrier = { at: Date.now() };
          propagation.inject(context.active(), carrier);
          try {
            await bus.publish(channel, { ...message, [traceField]: carrier });
          } finally {
            span.end();
          }
        },
      );
    },
    subscribe(channel, handler) {
      return bus.subscribe(channel, (message) => {
        counters.received.inc({ channel });
        if (!isPlainObject(message) || !isPlainObject(message[traceField])) return handler(message);
        const { [traceField]: carrier, ...event } = message as Record<string, unknown> & { [traceField]: TraceCarrier };
        if (typeof carrier.at === 'number') counters.latency.observe({ channel }, Math.max(0, Date.now() - carrier.at) / 1000);
        if (!carrier.traceparent) return handler(event);
        const producer = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, carrier));
        const links: Link[] = producer ? [{ context: producer }] : [];
        // An entry span: started from the root context, not the active one (see SampledWorkContextManager).
        const span = tracer.startSpan(
          `receive ${channel}`,
          { kind: SpanKind.CONSUMER, root: true, links, attributes: { 'messaging.system': 'cryptograph-bus', 'messaging.destination.name': channel } },
          ROOT_CONTEXT,
        );
        try {
          context.with(trace.setSpan(ROOT_CONTEXT, span), () => handler(event));
        } finally {
          span.end();
        }
      });
    },
  };
}
