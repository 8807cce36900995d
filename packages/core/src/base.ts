/**
 * What every process of the system shares, without the database or the subgraph server: env
 * parsing, errors, identities and access tokens, secrets, the event bus and its channels, the
 * logger, the process lifecycle, metrics routes and trace context, backoff. A process that imports
 * only this (the gateway) does not load kysely, pg, PGlite, mercurius, graphql-shield or
 * @apollo/subgraph: about 60 MB less resident memory. `index.ts` adds the rest for the subgraphs,
 * the worker and the CLI.
 */
export * from './env/parse-env.js';
export * from './env/common-env.js';
export * from './env/secrets-env.js';
export * from './errors/error-code.js';
export * from './errors/app-error.js';
export * from './errors/mask-error.js';
export * from './errors/operator-error.js';
export * from './identity/identity.js';
export * from './identity/system-user.js';
export * from './identity/identity-token.js';
export * from './identity/access-token.js';
export * from './identity/verified-token-cache.js';
export * from './identity/api-key-contract.js';
export * from './identity/session-contract.js';
export * from './identity/signing-key.js';
export * from './secrets/service-secrets.js';
export * from './bus/event-bus.js';
export * from './bus/memory-event-bus.js';
export * from './bus/redis-event-bus.js';
export * from './bus/market-channels.js';
export * from './bus/predictions-channels.js';
export * from './bus/users-channels.js';
export * from './logger.js';
export * from './pagination/connection.js';
export * from './service/run-until-signal.js';
export * from './service/process-guards.js';
export * from './service/await-dependencies.js';
export * from './service/listen-failure.js';
export * from './telemetry/metrics-routes.js';
export * from './telemetry/traced-event-bus.js';
export * from './telemetry/trace-context.js';
export * from './market/candle-intervals.js';
export * from './backoff/backoff-delay.js';
