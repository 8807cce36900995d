import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, print, type DocumentNode } from 'graphql';
import { withInterfaceDescriptions } from './interface-descriptions.js';

/**
 * The subgraphs of the supergraph, with the URLs a default local deployment serves them at and
 * the parts of schema/shared/ each one declares along with its own schema/<name>.graphql (types
 * several subgraphs define identically, written once).
 */
export const subgraphs = [
  { name: 'users', port: 4001, shared: ['date-time', 'page-info'] },
  { name: 'market', port: 4002, shared: ['date-time', 'candle-interval', 'page-info'] },
  { name: 'predictions', port: 4003, shared: ['date-time', 'candle-interval', 'page-info'] },
] as const;

/** Name of one subgraph. */
export type SubgraphName = (typeof subgraphs)[number]['name'];

/** Path of a file in schema/. */
export function schemaPath(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url));
}

/**
 * The committed composition of every subgraph (with the URLs of a default local deployment), which the gateway serves
 * unless SUPERGRAPH_PATH says otherwise.
 */
export const supergraphPath = schemaPath('supergraph.graphql');

/** The files one subgraph's SDL is made of: schema/<name>.graphql, then the schema/shared/ parts it declares. */
export function subgraphSdlFiles(name: SubgraphName): string[] {
  const subgraph = subgraphs.find((candidate) => candidate.name === name)!;
  return [schemaPath(`${name}.graphql`), ...subgraph.shared.map((part) => schemaPath(`shared/${part}.graphql`))];
}

/**
 * The SDL of one subgraph, parsed: its files (`subgraphSdlFiles`) in one document, where fields left
 * undescribed in a type take the description of the interface field they implement. The one
 * reader of subgraph SDL: services and composition take the document, codegen and the schema tests
 * its text (`readSubgraphSdl`).
 */
export function readSubgraphDocument(name: SubgraphName): DocumentNode {
  const sdl = subgraphSdlFiles(name)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return withInterfaceDescriptions(parse(sdl));
}

/** The SDL of one subgraph as text: `readSubgraphDocument`, printed. */
export function readSubgraphSdl(name: SubgraphName): string {
  return print(readSubgraphDocument(name));
}
