/**
 * Removes graphql-js's "Did you mean …?" suggestions from an error message, so that errors never
 * reveal names of the schema the client did not write (fields, arguments, types, enum values).
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .*\?$/s, '');
}
