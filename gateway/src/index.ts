export { createGatewayServer, type GatewayServer, type GatewayServerOptions } from './gateway-server.js';
export { loadGatewayEnv, type GatewayEnv } from './env.js';
export type { HubStats } from './subscriptions/subscription-hub.js';
export { sharedOperationAttribute } from './operation/plugins/use-inflight-deduplication.js';
export { cacheHitAttribute, type ResponseCacheStats } from './operation/plugins/use-response-cache.js';
export { sharedFetchAttribute } from './subgraphs/subgraph-data-source.js';
export { loadSupergraphSdl, subgraphUrlOverrides } from './supergraph/load-supergraph.js';
