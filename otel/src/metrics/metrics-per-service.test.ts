import { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metricsPerService } from './metrics-per-service.js';
import { serviceRegistry } from './registries.js';

describe('metricsPerService', () => {
  it("creates a service's metrics once, in that service's registry, and a separate set for each other service", async () => {
    let created = 0;
    const countersOf = metricsPerService((registers) => {
      created += 1;
      return { hits: new Counter({ name: 'test_per_service_hits_total', help: 'Hits.', registers }) };
    });
    const first = countersOf('per-service-a');
    expect(countersOf('per-service-a')).toBe(first);
    const other = countersOf('per-service-b');
    expect(other).not.toBe(first);
    expect(created).toBe(2);
    first.hits.inc(3);
    other.hits.inc(5);
    expect(await serviceRegistry('per-service-a').getSingleMetricAsString('test_per_service_hits_total')).toContain(
      'test_per_service_hits_total{service="per-service-a"} 3',
    );
    expect(await serviceRegistry('per-service-b').getSingleMetricAsString('test_per_service_hits_total')).toContain(
      'test_per_service_hits_total{service="per-service-b"} 5',
    );
  });
});
