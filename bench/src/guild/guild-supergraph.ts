import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { guildSubgraphs } from './guild-subgraph-schemas.js';

/** Composes the four Guild subgraphs into a supergraph SDL with their running URLs; throws with every composition error. */
export function composeGuildSupergraph(urls: Readonly<Record<string, string>>): string {
  const result = composeServices(
    guildSubgraphs.map(({ name, typeDefs }) => {
      const url = urls[name];
      if (!url) throw new Error(`no URL for the Guild subgraph "${name}"`);
      return { name, url, typeDefs: parse(typeDefs) };
    }),
  );
  if (result.errors) throw new Error(`Composition of the Guild subgraphs failed:\n${result.errors.map((error) => `  - ${error.message}`).join('\n')}`);
  return result.supergraphSdl;
}
