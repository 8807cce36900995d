import { buildSchema, isObjectType, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf, readSchemaFile } from './schema-check.js';

const api = buildSchema(apiSchemaOf(readSchemaFile('supergraph.graphql')));

function fieldDescription(typeName: string, fieldName: string): string | null | undefined {
  const type = api.getType(typeName);
  return isObjectType(type) ? type.getFields()[fieldName]?.description : undefined;
}

describe('public API schema', () => {
  it('lets clients select the fields Asset and ProviderAsset share through the AssetListing interface', () => {
    const document = parse(/* GraphQL */ `
      fragment Listing on AssetListing {
        symbol
        name
        quote
      }
      query Catalog {
        providerAssets {
          ...Listing
          tracked
        }
        asset(symbol: "BTC") {
          ...Listing
          active
        }
        latestPrice(symbol: "BTC") {
          asset {
            ...Listing
          }
        }
      }
    `);
    expect(validate(api, document)).toEqual([]);
  });

  it('describes the fields Asset and ProviderAsset take from AssetListing as the interface does', () => {
    for (const field of ['symbol', 'name', 'quote']) {
      const described = api.getType('AssetListing');
      const expected = described && 'getFields' in described ? described.getFields()[field]?.description : undefined;
      expect(expected, field).toBeTruthy();
      expect(fieldDescription('Asset', field), field).toBe(expected);
      expect(fieldDescription('ProviderAsset', field), field).toBe(expected);
    }
  });
});
