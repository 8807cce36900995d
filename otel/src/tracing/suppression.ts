/** Tracing suppression of the SDK this package starts (the same context key its tracer checks). */
export { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
