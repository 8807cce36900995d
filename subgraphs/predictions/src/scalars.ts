import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

/** Scalars of the predictions schema: DateTime as ISO-8601 UTC strings, JSON as is. */
export const scalarResolvers = { DateTime: DateTimeResolver, JSON: JSONResolver };
