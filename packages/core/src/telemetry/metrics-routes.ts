import { metricsContentType, metricsPerService, metricsText, requestBuckets } from '@cryptograph/otel';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram } from 'prom-client';

/** The HTTP metrics of a service, registered in its registry on first use. */
const httpMetricsOf = metricsPerService((registers) => ({
  requests: new Counter({
    name: 'cryptograph_http_requests_total',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    registers,
  }),
  duration: new Histogram({
    name: 'cryptograph_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: requestBuckets,
    registers,
  }),
}));

/**
 * Serves `GET /metrics` (Prometheus text) for `service` and counts the app's HTTP requests by
 * route pattern (never the raw URL: bounded labels); probes and scrapes are not counted.
 */
export function useMetrics(app: FastifyInstance, service: string): void {
  const metrics = httpMetricsOf(service);
  app.get('/metrics', async (_request, reply) => reply.type(metricsContentType).send(await metricsText(service)));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics' || route === '/health' || route === '/ready') return;
    metrics.requests.inc({ method: request.method, route, status_code: String(reply.statusCode) });
    metrics.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
