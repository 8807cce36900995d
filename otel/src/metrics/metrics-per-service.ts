import type { Registry } from 'prom-client';
import { serviceRegistry } from './registries.js';

/**
 * Memoizes a set of metrics per service: the returned function creates them (`create`, registered in the service's
 * registry) the first time a service asks, and hands every later caller of that service the same instances, since
 * prom-client refuses a second metric of one name in a registry.
 */
export function metricsPerService<Metrics>(create: (registers: Registry[]) => Metrics): (service: string) => Metrics {
  const byService = new Map<string, Metrics>();
  return (service) => {
    let metrics = byService.get(service);
    if (!metrics) {
      metrics = create([serviceRegistry(service)]);
      byService.set(service, metrics);
    }
    return metrics;
  };
}
