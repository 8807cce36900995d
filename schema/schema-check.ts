import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, findBreakingChanges, lexicographicSortSchema, printSchema, type BreakingChange } from 'graphql';
import { readFileSync } from 'node:fs';

/** The public API schema (what clients see) of a supergraph SDL, printed in a stable order. */
export function apiSchemaOf(supergraphSdl: string): string {
  const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return `${printSchema(lexicographicSortSchema(schema)).trimEnd()}\n`;
}

/**
 * Breaking changes accepted in schema/CHANGELOG.md: every line of the form
 * `- breaking: <TYPE> <description>` (description exactly as graphql-js reports it) inside a
 * release entry, e.g. `- breaking: FIELD_REMOVED Query.oldField was removed.`
 */
export function acceptedBreakingChanges(changelog: string): ReadonlySet<string> {
  const accepted = new Set<string>();
  for (const match of changelog.matchAll(/^- breaking: (\w+) (.+)$/gm)) accepted.add(`${match[1]} ${match[2]!.trim()}`);
  return accepted;
}

/** The breaking changes from `releasedSdl` to `currentSdl` (API schemas) that the changelog does not accept. */
export function undeclaredBreakingChanges(releasedSdl: string, currentSdl: string, changelog: string): BreakingChange[] {
  const accepted = acceptedBreakingChanges(changelog);
  return findBreakingChanges(buildSchema(releasedSdl), buildSchema(currentSdl)).filter((change) => !accepted.has(`${change.type} ${change.description}`));
}

/** Reads a file of schema/. */
export function readSchemaFile(file: string): string {
  return readFileSync(new URL(file, import.meta.url), 'utf8');
}
