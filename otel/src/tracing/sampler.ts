import { SpanKind, type Attributes, type Context, type Link } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SamplingResult,
} from '@opentelemetry/sdk-trace-base';
import type { TelemetryEnv } from '../telemetry-env.js';
import { TimeWindowSampler } from './time-window-sampler.js';

const entryKinds: ReadonlySet<SpanKind> = new Set([SpanKind.SERVER, SpanKind.CONSUMER]);

/**
 * Lets only entry spans start a trace: a client operation's SERVER span at the gateway, a CONSUMER
 * span of a job or an event. A span of another kind without a parent is work whose trace was not
 * sampled (unsampled work carries no context across `await`, see SampledWorkContextManager), so
 * it is dropped instead of becoming a fragment of its own.
 */
class EntryRootSampler implements Sampler {
  constructor(private readonly entries: Sampler) {}

  shouldSample(context: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    if (!entryKinds.has(kind)) return { decision: SamplingDecision.NOT_RECORD };
    return this.entries.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `EntryRootSampler{${this.entries.toString()}}`;
  }
}

/** Parent-based: a span follows its parent's decision; new traces start only at entry spans, decided by `root`. */
export function parentBasedSampler(root: Sampler): Sampler {
  return new ParentBasedSampler({ root: new EntryRootSampler(root) });
}

/**
 * The sampler OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG ask for. The default,
 * `parentbased_time_window`, traces the operations that start in a window of
 * OTEL_TRACES_SAMPLER_ARG (10 %) of each second, at a random place in it (TimeWindowSampler);
 * `parentbased_traceidratio` picks the same share by trace id, spread over time, at a higher
 * cost (bench/README.md). Parent-based samplers honour the caller's decision.
 */
export function samplerFromEnv(env: Pick<TelemetryEnv, 'OTEL_TRACES_SAMPLER' | 'OTEL_TRACES_SAMPLER_ARG'>): Sampler {
  const ratio = env.OTEL_TRACES_SAMPLER_ARG;
  switch (env.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return parentBasedSampler(new AlwaysOnSampler());
    case 'parentbased_always_off':
      return parentBasedSampler(new AlwaysOffSampler());
    case 'parentbased_traceidratio':
      return parentBasedSampler(new TraceIdRatioBasedSampler(ratio));
    default:
      return parentBasedSampler(new TimeWindowSampler(ratio));
  }
}
