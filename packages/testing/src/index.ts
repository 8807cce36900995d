export { freePort } from './free-port.js';
export { startPostgresServer, postgresBinariesAvailable, type PostgresServer } from './postgres-server.js';
export { startRedisServer, redisBinaryAvailable, type RedisServer } from './redis-server.js';
export { createTestDatabase } from './test-database.js';
export { testEnvironment, type TestEnvironment } from './test-environment.js';
export { processAlive } from './process-alive.js';
export { spawnTracked, type TrackedProcess } from './tracked-process.js';
export { binaryOnPath } from './binary-on-path.js';
export { subscriptionClient, collect, waitFor } from './subscription-client.js';
