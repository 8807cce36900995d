import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from './generated/resolvers-types.js';

/**
 * DateTime as ISO-8601 UTC strings. Output goes through graphql-scalars' DateTime; input strings
 * are passed on as they are and parsed by the resolver that reads them (`parseTime`), so a
 * malformed time is a BAD_USER_INPUT error naming the argument, not a failed variable coercion
 * that the gateway could only report as a failing subgraph.
 */
const dateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: DateTimeResolver.description,
  serialize: (value) => DateTimeResolver.serialize(value),
  parseValue: (value) => {
    if (typeof value === 'string' || value instanceof Date) return value;
    return DateTimeResolver.parseValue(value);
  },
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? ast.value : DateTimeResolver.parseLiteral(ast, {})),
});

/** Scalars of the market schema. */
export const scalarResolvers: Resolvers = { DateTime: dateTimeScalar };
