/** Attribute names shared by the resolver-tracing middleware and the span processor that turns resolver spans into metrics. */
export const resolverAttributes = {
  /** Marks a resolver span; its value is the service (subgraph) that ran it. */
  service: 'cryptograph.service',
  /** Parent type of the resolved field (GraphQL semantic conventions). */
  type: 'graphql.field.parent_type',
  /** Name of the resolved field (never the alias). */
  field: 'graphql.field.name',
  /** Response path of the field, for traces only (unbounded: never a metric label). */
  path: 'graphql.field.path',
  /** `extensions.code` of the error the resolver ended with. */
  errorCode: 'graphql.error.code',
} as const;
