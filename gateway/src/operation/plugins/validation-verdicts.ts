import { validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';

/**
 * Validates each document against `schema` and `rules` once and keeps what `present` makes of its
 * errors: parsed documents are shared (the parser caches them), so a repeated operation costs a lookup.
 */
export function validationVerdicts<Verdict>(
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  present: (errors: readonly GraphQLError[]) => Verdict,
): (document: DocumentNode) => Verdict {
  const verdicts = new WeakMap<DocumentNode, Verdict>();
  return (document) => {
    let verdict = verdicts.get(document);
    if (verdict === undefined) {
      verdict = present(validate(schema, document, rules));
      verdicts.set(document, verdict);
    }
    return verdict;
  };
}
