import { collectDefaultMetrics, Registry } from 'prom-client';
import { mergeExpositions } from './merge-expositions.js';

const serviceRegistries = new Map<string, Registry>();
let sharedRegistry: Registry | undefined;
let processService: string | undefined;

/**
 * The Prometheus registry of one service (gateway, users, market, predictions, worker): what only
 * that service measures (its requests, resolvers, subscriptions, jobs, ingestion). One per name and
 * process, so the one-process stack keeps each service's metrics apart; every series carries a
 * `service` label.
 */
export function serviceRegistry(service: string): Registry {
  let registry = serviceRegistries.get(service);
  if (!registry) {
    registry = new Registry();
    registry.setDefaultLabels({ service });
    serviceRegistries.set(service, registry);
  }
  return registry;
}

/**
 * The registry of what belongs to the process rather than to a service: Node.js runtime metrics,
 * the database pool, Redis and the event bus. One service's `/metrics` serves it (see
 * `servesProcessMetrics`), so a one-process stack does not report them once per service.
 */
export function processRegistry(): Registry {
  if (!sharedRegistry) {
    sharedRegistry = new Registry();
    sharedRegistry.setDefaultLabels({ service: processService ?? 'gateway' });
    collectDefaultMetrics({ register: sharedRegistry });
  }
  return sharedRegistry;
}

/** Names the service the process was started as (the telemetry bootstrap sets it). */
export function setProcessService(service: string): void {
  processService = service;
  sharedRegistry?.setDefaultLabels({ service });
}

/**
 * True when `service` serves the process registry: the service the process was started as; the
 * gateway when the process hosts several services under another name (the one-process stack) or
 * runs without the telemetry bootstrap (tests).
 */
export function servesProcessMetrics(service: string): boolean {
  if (processService !== undefined && serviceRegistries.has(processService)) return service === processService;
  return service === 'gateway';
}

/** The Prometheus text exposition content type. */
export const metricsContentType = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * What `GET /metrics` of `service` answers: its own registry; the service that serves the process
 * registry also serves every other service registry of the process (in the one-process stack, the
 * gateway's `/metrics` carries the subgraphs' and the worker's metrics), merged so that each metric
 * family appears once and the process metrics once.
 */
export async function metricsText(service: string): Promise<string> {
  const own = await serviceRegistry(service).metrics();
  if (!servesProcessMetrics(service)) return own;
  const others = [...serviceRegistries.entries()].filter(([name]) => name !== service).map(([, registry]) => registry.metrics());
  return mergeExpositions([own, ...(await Promise.all(others)), await processRegistry().metrics()]);
}
