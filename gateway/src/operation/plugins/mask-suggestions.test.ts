import { describe, expect, it } from 'vitest';
import { withoutSuggestions } from './mask-suggestions.js';

describe('withoutSuggestions', () => {
  it('removes graphql-js suggestions of fields, arguments, types and enum values', () => {
    expect(withoutSuggestions('Cannot query field "mee" on type "Query". Did you mean "me"?')).toBe('Cannot query field "mee" on type "Query".');
    expect(withoutSuggestions('Unknown argument "frist" on field "Query.assets". Did you mean "first"?')).toBe(
      'Unknown argument "frist" on field "Query.assets".',
    );
    expect(withoutSuggestions('Value "ADMN" does not exist in "Role" enum. Did you mean the enum value "ADMIN"?')).toBe(
      'Value "ADMN" does not exist in "Role" enum.',
    );
    expect(withoutSuggestions('Cannot query field "x" on type "Query". Did you mean "a", "b", or "c"?')).toBe('Cannot query field "x" on type "Query".');
  });

  it('leaves other messages alone', () => {
    expect(withoutSuggestions('Syntax Error: Expected Name, found <EOF>.')).toBe('Syntax Error: Expected Name, found <EOF>.');
  });
});
