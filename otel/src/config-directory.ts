import { fileURLToPath } from 'node:url';

/** The folder of the telemetry configuration shipped with this package: `collector.yaml`, `prometheus.yml` and `grafana/`. */
export const otelConfigDirectory = fileURLToPath(new URL('../', import.meta.url));
