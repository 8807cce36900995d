// E2E support: GraphQL documents sized to sit exactly at or just over each operation limit.
import { Lexer, Source, TokenKind } from 'graphql';

/** Counts the lexical tokens of a document the way graphql-js's `maxTokens` does (without SOF/EOF and comments). */
export function countTokens(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}

/** `{ a0: me { id } … }` with `aliases` aliased `me` fields. */
export function aliasedMe(aliases: number): string {
  return `{ ${Array.from({ length: aliases }, (_, index) => `a${index}: me { id }`).join(' ')} }`;
}

/** `{ me { … } }` with `directives` `@include(if: true)` directives, one per field. */
export function meWithDirectives(directives: number): string {
  const names = ['id', 'username', 'role', 'active', 'createdAt', 'email'];
  return `{ me { ${Array.from({ length: directives }, (_, index) => `${names[index % names.length]} @include(if: true)`).join(' ')} } }`;
}

/**
 * A document of several small named operations (`Q0` … `Qn`), each cheap and shallow, with exactly
 * `tokens` tokens in all: it trips nothing but the token limit. Run it with operationName `Q0`.
 */
export function documentWithTokens(tokens: number): string {
  const perOperation = 8; // query Qi { me { id } }
  const operations = Math.floor(tokens / perOperation);
  const extra = tokens - operations * perOperation;
  const parts = Array.from({ length: operations }, (_, index) => `query Q${index} { me { id${index === 0 ? ' username'.repeat(extra) : ''} } }`);
  return parts.join('\n');
}
