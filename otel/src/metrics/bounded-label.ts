const graphqlName = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Bounds a client-chosen label value (an operation name): the first `limit` distinct valid names
 * seen by the process are kept, every later one becomes `other`, a missing name `anonymous` and an
 * invalid one `invalid`. The label can then never have more than `limit + 3` values.
 */
export function boundedLabel(limit = 100): (value: string | null | undefined) => string {
  const seen = new Set<string>();
  return (value) => {
    if (value === null || value === undefined || value === '') return 'anonymous';
    if (!graphqlName.test(value)) return 'invalid';
    if (seen.has(value)) return value;
    if (seen.size >= limit) return 'other';
    seen.add(value);
    return value;
  };
}
