import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readSubgraphSdl, subgraphs } from './subgraphs.js';

/** Composes the subgraph SDL files into the supergraph SDL; throws with every composition error. */
export function composeSupergraph(): string {
  const result = composeServices(
    subgraphs.map(({ name, port }) => ({ name, url: `http://localhost:${port}/graphql`, typeDefs: parse(readSubgraphSdl(name)) })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}
