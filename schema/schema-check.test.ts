import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isIntrospectionType,
  isSpecifiedScalarType,
  isUnionType,
  parse,
  visit,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf, readSchemaFile, undeclaredBreakingChanges } from './schema-check.js';
import { readSubgraphSdl, subgraphs } from './subgraphs.js';

const current = apiSchemaOf(readSchemaFile('supergraph.graphql'));

describe('schema change check', () => {
  it('finds no undeclared breaking change against the released API schema', () => {
    expect(undeclaredBreakingChanges(readSchemaFile('released/api.graphql'), current, readSchemaFile('CHANGELOG.md'))).toEqual([]);
  });

  it('catches a removed field, unless the changelog declares it', () => {
    const withoutField = current.replace(/^\s+"""When the key was created."""\n\s+createdAt: DateTime!\n/m, '');
    expect(withoutField).not.toBe(current);
    const breaking = undeclaredBreakingChanges(current, withoutField, '');
    expect(breaking).toEqual([{ type: 'FIELD_REMOVED', description: 'ApiKey.createdAt was removed.' }]);
    expect(undeclaredBreakingChanges(current, withoutField, '## 2.0.0\n\n- breaking: FIELD_REMOVED ApiKey.createdAt was removed.\n')).toEqual([]);
  });
});

describe('descriptions', () => {
  it('every type, field, argument, input field and enum value of every subgraph SDL has a description', () => {
    const missing: string[] = [];
    for (const { name } of subgraphs) {
      const schema = buildSchema(readSubgraphSdl(name).replace(/^extend schema @link[^\n]*\n/m, ''), { assumeValid: true });
      for (const type of Object.values(schema.getTypeMap())) {
        if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
        const root = type === schema.getQueryType() || type === schema.getMutationType() || type === schema.getSubscriptionType();
        if (!type.description && !root) missing.push(`${name}: type ${type.name}`);
        if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
          for (const field of Object.values(type.getFields())) {
            if (!field.description) missing.push(`${name}: ${type.name}.${field.name}`);
            for (const argument of 'args' in field ? field.args : [])
              if (!argument.description) missing.push(`${name}: ${type.name}.${field.name}(${argument.name})`);
          }
        }
        if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${name}: ${type.name}.${value.name}`);
        if (isUnionType(type) && !type.description) missing.push(`${name}: union ${type.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every @deprecated has a reason', () => {
    const bare: string[] = [];
    for (const { name } of subgraphs) {
      visit(parse(readSubgraphSdl(name)), {
        Directive(node) {
          if (node.name.value === 'deprecated' && !node.arguments?.some((argument) => argument.name.value === 'reason'))
            bare.push(`${name}: ${node.loc?.startToken.line}`);
        },
      });
    }
    expect(bare).toEqual([]);
  });
});
