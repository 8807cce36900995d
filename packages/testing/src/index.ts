export { freePort } from './free-port.js';
export { startPostgresServer, postgresBinariesAvailable, type PostgresServer } from './postgres-server.js';
export { answersPing, startRedisServer, redisBinaryAvailable, subscribersOf, type RedisServer } from './redis-server.js';
export { createTestDatabase } from './test-database.js';
export { testEnvironment, type TestEnvironment } from './test-environment.js';
export { openTestServiceBase, type TestServiceBase } from './test-service-base.js';
export { processAlive } from './process-alive.js';
export { spawnTracked, type TrackedProcess } from './tracked-process.js';
export { binaryOnPath } from './binary-on-path.js';
export {
  collect,
  graphqlWsClient,
  graphqlWsUrl,
  noAnswer,
  runOverSocket,
  webSocketWithHeaders,
  type Collected,
  type GraphqlWsClientOptions,
  type WebSocketClass,
  type WsOutcome,
} from './graphql-ws-client.js';
export {
  handshake,
  rawGraphqlWsSocket,
  type HandshakeOutcome,
  type RawGraphqlWsMessage,
  type RawGraphqlWsSocket,
  type RawGraphqlWsSocketOptions,
  type RawSocketClose,
} from './raw-graphql-ws-socket.js';
export { waitFor } from './wait-for.js';
export { subgraphCaller, type SubgraphCaller, type SubgraphResponse } from './subgraph-request.js';
export type { SubgraphTestService } from './subgraph-test-service.js';
export { answersOk, runCommand, startServiceProcess, type CommandResult, type ServiceCommand, type ServiceProcess } from './service-process.js';
export { runExclusively } from './exclusive-lock.js';
export { startGatewayProcess, type GatewayProcess } from './gateway-process.js';
export { repositoryRoot } from './repository-root.js';
