/**
 * The four subgraphs of The Guild's federation benchmark, each a mercurius server (graphql-jit on)
 * over `buildSubgraphSchema`, on free loopback ports, in this one process (forked by the
 * benchmark). Reports `{ urls }` over IPC once listening; answers `counts` with `{ counts }` (GraphQL
 * requests received so far, by subgraph); exits on `stop` or when the benchmark goes.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import Fastify, { type FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import { parse } from 'graphql';
import { guildSubgraphs } from './guild-subgraph-schemas.js';

const servers: FastifyInstance[] = [];
const urls: Record<string, string> = {};
const counts: Record<string, number> = {};
for (const subgraph of guildSubgraphs) {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  counts[subgraph.name] = 0;
  app.addHook('onRequest', (_request, _reply, done) => {
    counts[subgraph.name]! += 1;
    done();
  });
  await app.register(mercurius, {
    schema: buildSubgraphSchema({ typeDefs: parse(subgraph.typeDefs), resolvers: subgraph.resolvers }),
    jit: 1,
    graphiql: false,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  servers.push(app);
  urls[subgraph.name] = `${address}/graphql`;
}
process.send!({ urls });

const stop = async (code: number) => {
  await Promise.allSettled(servers.map((server) => server.close()));
  process.exit(code);
};
process.on('message', (message) => {
  if (message === 'counts') process.send!({ counts });
  if (message === 'stop') void stop(0);
});
process.on('disconnect', () => void stop(1));
