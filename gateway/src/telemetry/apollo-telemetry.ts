/**
 * Sets @apollo/gateway's own telemetry switch from the gateway's configuration: off unless the
 * operator opted in (APOLLO_TELEMETRY_DISABLED=false). When on, @apollo/gateway probes the cloud
 * metadata endpoints of AWS, GCP, Azure and Alibaba as it is constructed and reports usage to
 * Apollo every hour; it reads its switch from `process.env` only (no constructor option), so this
 * writes it there, before the gateway is built (see gateway-server.ts).
 */
export function applyApolloTelemetryChoice(optedIn: boolean): void {
  process.env.APOLLO_TELEMETRY_DISABLED = optedIn ? 'false' : 'true';
}
