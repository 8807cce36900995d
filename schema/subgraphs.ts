import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The subgraphs of the supergraph, with the URLs a default local deployment serves them at. */
export const subgraphs = [
  { name: 'users', port: 4001 },
  { name: 'market', port: 4002 },
  { name: 'predictions', port: 4003 },
] as const;

/** Name of one subgraph. */
export type SubgraphName = (typeof subgraphs)[number]['name'];

/** Path of a file in schema/. */
export function schemaPath(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url));
}

/** The committed composition of every subgraph (with the URLs of a default local deployment), which the gateway serves unless SUPERGRAPH_PATH says otherwise. */
export const supergraphPath = schemaPath('supergraph.graphql');

/** The SDL of one subgraph, as committed in schema/<name>.graphql. */
export function readSubgraphSdl(name: SubgraphName): string {
  return readFileSync(schemaPath(`${name}.graphql`), 'utf8');
}
