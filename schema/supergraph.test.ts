import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from './compose-supergraph.js';
import { schemaPath } from './subgraphs.js';

describe('schema/supergraph.graphql', () => {
  it('is the composition of the committed subgraph SDL (run `npm run compose` when this fails)', () => {
    expect(readFileSync(schemaPath('supergraph.graphql'), 'utf8')).toBe(composeSupergraph());
  });
});
