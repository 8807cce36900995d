/**
 * The `Models` query of the gateway and tracing benches: a page of models, with `ownerFields` of each model's owner
 * (the users subgraph's hop when more than `id`).
 */
export function modelsQuery(ownerFields: readonly string[]): string {
  return /* GraphQL */ `
  query Models($n: Int) {
    models(first: $n) {
      edges {
        node {
          id
          name
          horizon
          owner {
${ownerFields.map((field) => `            ${field}\n`).join('')}          }
        }
      }
    }
  }
`;
}
