import { readdirSync, readFileSync } from 'node:fs';
import { Kind, parse, visit, type DefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readSubgraphSdl, schemaPath, subgraphs, subgraphSdlFiles } from './subgraphs.js';

const definedNames = (definitions: readonly DefinitionNode[]) =>
  definitions.flatMap((definition) => ('name' in definition && definition.name ? [definition.name.value] : []));
const sharedParts = readdirSync(schemaPath('shared')).map((file) => file.replace(/\.graphql$/, ''));

describe('subgraph SDL', () => {
  it('is each subgraph file followed by the shared parts it declares, all defined once', () => {
    for (const { name, shared } of subgraphs) {
      expect(subgraphSdlFiles(name)).toEqual([schemaPath(`${name}.graphql`), ...shared.map((part) => schemaPath(`shared/${part}.graphql`))]);
      const names = definedNames(parse(readSubgraphSdl(name)).definitions);
      expect(
        names.filter((type, index) => names.indexOf(type) !== index),
        name,
      ).toEqual([]);
      for (const part of shared)
        for (const type of definedNames(parse(readFileSync(schemaPath(`shared/${part}.graphql`), 'utf8')).definitions)) expect(names, name).toContain(type);
    }
  });

  it('declares exactly the shared parts whose types the subgraph uses', () => {
    for (const { name, shared } of subgraphs) {
      const own = parse(readFileSync(schemaPath(`${name}.graphql`), 'utf8'));
      const used = new Set<string>();
      visit(own, { NamedType: (node) => void used.add(node.name.value) });
      const needed = sharedParts.filter((part) =>
        definedNames(parse(readFileSync(schemaPath(`shared/${part}.graphql`), 'utf8')).definitions).some((type) => used.has(type)),
      );
      expect([...shared].sort(), name).toEqual(needed.sort());
    }
  });

  it('keeps every shared part in use by some subgraph', () => {
    expect(sharedParts.filter((part) => !subgraphs.some(({ shared }) => (shared as readonly string[]).includes(part)))).toEqual([]);
  });

  it('keeps the federation link first, as the services and the description check expect', () => {
    for (const { name } of subgraphs) expect(parse(readSubgraphSdl(name)).definitions[0]?.kind, name).toBe(Kind.SCHEMA_EXTENSION);
  });
});
