/** Everything in core: `base.ts` (what every process shares) and the database, the subgraph server and the services built on them. */
export * from './base.js';
export * from './db/database-connection.js';
export * from './db/run-migrations.js';
export * from './db/unique-violation.js';
export * from './db/schema-db.js';
export * from './subgraph/subgraph-context.js';
export * from './subgraph/shield-rules.js';
export * from './subgraph/create-subgraph-server.js';
export * from './service/subgraph-service.js';
export * from './service/run-subgraph.js';
export * from './service/open-infrastructure.js';
export * from './telemetry/resolver-tracing.js';
export * from './telemetry/infrastructure-metrics.js';
