import { buildASTSchema, isInterfaceType, isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { withInterfaceDescriptions } from './interface-descriptions.js';

const sdl = /* GraphQL */ `
  "Something with a name."
  interface Named {
    "What it is called."
    name: String!
    "Undescribed in the interface."
    code: String
  }

  "Something with a size."
  interface Sized {
    "How big it is."
    size: Int!
  }

  "A thing."
  type Thing implements Named & Sized {
    name: String!
    size: Int!
    "Its own words win."
    code: String
    extra: Boolean
  }

  "A node."
  interface Node implements Named {
    name: String!
  }

  "Not implementing anything."
  type Plain {
    name: String!
  }

  type Query {
    thing: Thing
    plain: Plain
    node: Node
  }
`;

function fieldDescriptions(typeName: string): Record<string, string | null | undefined> {
  const type = buildASTSchema(withInterfaceDescriptions(parse(sdl))).getType(typeName);
  if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`${typeName} has no fields`);
  return Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, field.description]));
}

describe('withInterfaceDescriptions', () => {
  it('gives undescribed fields the description of the interface field they implement, from any of the interfaces', () => {
    expect(fieldDescriptions('Thing')).toEqual({ name: 'What it is called.', size: 'How big it is.', code: 'Its own words win.', extra: undefined });
  });

  it('also fills the fields of interfaces implementing interfaces, and leaves types without interfaces as they are', () => {
    expect(fieldDescriptions('Node')).toEqual({ name: 'What it is called.' });
    expect(fieldDescriptions('Plain')).toEqual({ name: undefined });
  });

  it('takes descriptions from interface extensions too', () => {
    const extended = parse(`${sdl}\nextend interface Sized { "How heavy it is." weight: Float }\nextend type Thing { weight: Float }`);
    const type = buildASTSchema(withInterfaceDescriptions(extended)).getType('Thing');
    expect(isObjectType(type) && type.getFields()['weight']?.description).toBe('How heavy it is.');
  });
});
