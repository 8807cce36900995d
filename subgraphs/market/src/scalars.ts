import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from './generated/resolvers-types.js';

/** Scalars of the market schema: DateTime as ISO-8601 UTC strings. */
export const scalarResolvers: Resolvers = { DateTime: DateTimeResolver };
