import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type Sampler, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { setProcessService } from './metrics/registries.js';
import { loadTelemetryEnv, serviceNameOf, type TelemetryEnv } from './telemetry-env.js';
import { SampledWorkContextManager } from './tracing/sampled-work-context-manager.js';
import { samplerFromEnv } from './tracing/sampler.js';

/** How to start telemetry; every option has a default taken from the environment. */
export interface TelemetryOptions {
  /** The OTEL_* variables (default: parsed from `process.env`). */
  readonly env?: Readonly<TelemetryEnv>;
  /** `service.name` (default: OTEL_SERVICE_NAME, else the started workspace, else `cryptograph`). */
  readonly serviceName?: string;
  /** More span processors, e.g. a SimpleSpanProcessor over an InMemorySpanExporter in tests. */
  readonly spanProcessors?: readonly SpanProcessor[];
  /** The sampler (default: the one OTEL_TRACES_SAMPLER asks for). */
  readonly sampler?: Sampler;
}

/** Started telemetry. */
export interface Telemetry {
  readonly serviceName: string;
  /** True when traces are exported over OTLP. */
  readonly exporting: boolean;
  /** Flushes and stops exporting; instrumentations stay installed. */
  shutdown(): Promise<void>;
}

/**
 * Instrumented libraries. HTTP is not instrumented: @opentelemetry/instrumentation-http and
 * -undici cost about a quarter of a request's CPU here (bench/tracing.bench.ts). Instead the
 * gateway's subgraph data source injects the W3C trace context into its requests and each Fastify
 * server takes it (`useTraceContext` in @cryptograph/core, which also starts the gateway's SERVER
 * span); Apollo's spans and our resolver spans carry the operation. Postgres and Redis calls get
 * spans only inside a sampled trace (they need a parent span); pool checkouts get none (the pool is
 * warm: those spans would only add noise to each query).
 */
function instrumentations(): Instrumentation[] {
  return [
    new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false, ignoreConnectSpans: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
  ];
}

let started: Telemetry | undefined;

/**
 * Starts OpenTelemetry for the process once (later calls return the first): the Node SDK with the
 * sampler from OTEL_TRACES_SAMPLER (parent-based, 10 % of new traces by default; unsampled spans
 * cost next to nothing), W3C trace context (carried by the gateway's subgraph requests and taken by
 * each server's `useTraceContext`), the pg and ioredis instrumentations, and
 * OTLP/HTTP export only when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set. OTEL_SDK_DISABLED=true: no tracing.
 *
 * Instrumentations patch modules when these are loaded: start telemetry before importing the
 * services (the `--import @cryptograph/otel/register` hook of the start scripts does).
 */
export function startTelemetry(options: TelemetryOptions = {}): Telemetry {
  if (started) return started;
  const env = options.env ?? loadTelemetryEnv(process.env);
  const serviceName = options.serviceName ?? serviceNameOf(env);
  setProcessService(serviceName);
  const exporting = env.OTEL_SDK_DISABLED !== 'true' && (env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined);
  if (env.OTEL_SDK_DISABLED === 'true') {
    started = { serviceName, exporting: false, shutdown: async () => {} };
    return started;
  }
  const contextManager = new SampledWorkContextManager();
  const spanProcessors: SpanProcessor[] = [contextManager.tracker, ...(options.spanProcessors ?? [])];
  // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT itself and appends /v1/traces to the base URL.
  if (exporting) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  const sdk = new NodeSDK({
    serviceName,
    sampler: options.sampler ?? samplerFromEnv(env),
    contextManager,
    spanProcessors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: instrumentations(),
  });
  sdk.start();
  started = {
    serviceName,
    exporting,
    shutdown: async () => {
      await sdk.shutdown();
      trace.disable();
      started = undefined;
    },
  };
  return started;
}
