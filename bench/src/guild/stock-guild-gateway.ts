/**
 * The reference of the Guild workload, as in the issue and the Guild's own `apollo-gateway`
 * target: `new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) })` served by
 * `startStandaloneServer`, all defaults, one process (no cluster). Run by the benchmark with
 * SUPERGRAPH_PATH, HOST and PORT in its environment.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const supergraphSdl = readFileSync(process.env.SUPERGRAPH_PATH!, 'utf8');
const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
const { url } = await startStandaloneServer(server, { listen: { host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) } });
console.log(`stock Apollo gateway at ${url}`);
const stop = () => void server.stop().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
