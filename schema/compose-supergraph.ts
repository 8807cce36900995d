import { composeServices } from '@apollo/composition';
import { readSubgraphDocument, subgraphs } from './subgraphs.js';

/** Composes the subgraph SDL files into the supergraph SDL; throws with every composition error. */
export function composeSupergraph(): string {
  const result = composeServices(subgraphs.map(({ name, port }) => ({ name, url: `http://localhost:${port}/graphql`, typeDefs: readSubgraphDocument(name) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}
