import { Counter, Histogram } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { mergeExpositions } from './merge-expositions.js';
import { metricsText, serviceRegistry } from './registries.js';

/** The `# TYPE` lines of an exposition, by metric family. */
function typeLines(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('# TYPE '));
}

describe('metricsText', () => {
  it('serves every service registry of the process once from the process-serving service, each family once', async () => {
    for (const service of ['gateway', 'users', 'market']) {
      const registers = [serviceRegistry(service)];
      const requests = new Counter({ name: 'test_merge_requests_total', help: 'Requests.', labelNames: ['route'], registers });
      requests.inc({ route: '/graphql' }, service.length);
      new Histogram({ name: 'test_merge_duration_seconds', help: 'Duration.', buckets: [0.1, 1], registers }).observe(0.5);
    }
    const gateway = await metricsText('gateway');
    const types = typeLines(gateway);
    expect(types.filter((line) => line === '# TYPE test_merge_requests_total counter')).toHaveLength(1);
    expect(types.filter((line) => line === '# TYPE test_merge_duration_seconds histogram')).toHaveLength(1);
    expect(new Set(types).size).toBe(types.length);
    for (const [service, value] of [
      ['gateway', 7],
      ['users', 5],
      ['market', 6],
    ] as const) {
      expect(gateway).toContain(`test_merge_requests_total{route="/graphql",service="${service}"} ${value}`);
      expect(gateway).toContain(`test_merge_duration_seconds_bucket{le="1",service="${service}"} 1`);
    }
    expect(typeLines(gateway).filter((line) => line.startsWith('# TYPE process_cpu_user_seconds_total'))).toHaveLength(1);
    const users = await metricsText('users');
    expect(users).toContain('service="users"');
    expect(users).not.toContain('service="gateway"');
    expect(users).not.toContain('process_cpu_user_seconds_total');
  });
});

describe('mergeExpositions', () => {
  it('groups the samples of a family after its one HELP and TYPE, histogram suffixes included', () => {
    const first =
      '# HELP a_total A.\n# TYPE a_total counter\na_total{service="x"} 1\n\n# HELP h H.\n# TYPE h histogram\nh_bucket{le="+Inf",service="x"} 2\nh_sum{service="x"} 3\nh_count{service="x"} 2\n';
    const second =
      '# HELP h H.\n# TYPE h histogram\nh_bucket{le="+Inf",service="y"} 1\nh_sum{service="y"} 1\nh_count{service="y"} 1\n\n# HELP a_total A.\n# TYPE a_total counter\na_total{service="y"} 4\n';
    expect(mergeExpositions([first, second])).toBe(
      '# HELP a_total A.\n# TYPE a_total counter\na_total{service="x"} 1\na_total{service="y"} 4\n\n' +
        '# HELP h H.\n# TYPE h histogram\nh_bucket{le="+Inf",service="x"} 2\nh_sum{service="x"} 3\nh_count{service="x"} 2\nh_bucket{le="+Inf",service="y"} 1\nh_sum{service="y"} 1\nh_count{service="y"} 1\n',
    );
  });
});
