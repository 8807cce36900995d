import { writeFileSync } from 'node:fs';
import { composeSupergraph } from './compose-supergraph.js';
import { schemaPath } from './subgraphs.js';

writeFileSync(schemaPath('supergraph.graphql'), composeSupergraph());
console.log('wrote schema/supergraph.graphql');
