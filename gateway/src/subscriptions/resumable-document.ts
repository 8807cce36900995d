import { Kind, visit, type ArgumentNode, type DocumentNode, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { valueFromASTUntyped } from 'graphql';
import type { ResumeConfig } from './delivery-policy.js';

/** Alias under which the gateway selects the event id of a resumable subscription. */
export const resumeIdAlias = '_cryptographResumeId';
/** Variable through which the gateway controls where a resumable subscription resumes. */
export const resumeAfterVariable = '_cryptographResumeAfter';

/** A subscription rewritten so the gateway can resume it. */
export interface ResumableOperation {
  readonly document: DocumentNode;
  /** The client's variables plus the resume variable, set to the client's own `after` (or null). */
  readonly variables: Record<string, unknown>;
}

/**
 * Rewrites a validated subscription so that its root field always selects the event id (under a
 * private alias) and takes its `after` argument from a variable the gateway owns, initialised to
 * what the client asked for. The gateway then advances that variable as events pass, so a
 * reconnect to the subgraph resumes exactly after the last delivered event.
 */
export function makeResumable(
  document: DocumentNode,
  operationName: string | null,
  variables: Record<string, unknown>,
  resume: ResumeConfig,
): ResumableOperation {
  let initialAfter: unknown = null;
  const readAfter = (value: ValueNode) => (value.kind === Kind.VARIABLE ? (variables[value.name.value] ?? null) : valueFromASTUntyped(value));
  const rewritten = visit(document, {
    OperationDefinition(operation: OperationDefinitionNode) {
      if (operation.operation !== 'subscription' || (operationName && operation.name?.value !== operationName)) return false;
      const root = operation.selectionSet.selections[0];
      if (root?.kind !== Kind.FIELD) return false;
      const existing = root.arguments?.find((argument) => argument.name.value === resume.afterArgument);
      if (existing) initialAfter = readAfter(existing.value);
      const afterArgument: ArgumentNode = {
        kind: Kind.ARGUMENT,
        name: { kind: Kind.NAME, value: resume.afterArgument },
        value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: resumeAfterVariable } },
      };
      const idSelection: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: resumeIdAlias }, name: { kind: Kind.NAME, value: resume.idField } };
      const rootField: FieldNode = {
        ...root,
        arguments: [...(root.arguments ?? []).filter((argument) => argument !== existing), afterArgument],
        selectionSet: { kind: Kind.SELECTION_SET, selections: [...(root.selectionSet?.selections ?? []), idSelection] },
      };
      return {
        ...operation,
        variableDefinitions: [
          ...(operation.variableDefinitions ?? []),
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: resumeAfterVariable } },
            type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } },
          },
        ],
        selectionSet: { ...operation.selectionSet, selections: [rootField, ...operation.selectionSet.selections.slice(1)] },
      };
    },
  });
  return { document: rewritten, variables: { ...variables, [resumeAfterVariable]: initialAfter === null ? null : String(initialAfter) } };
}

/** The event id a resumable event carries, or null. */
export function resumeIdOf(eventData: Record<string, unknown>, rootField: string): bigint | null {
  const value = (eventData[rootField] as Record<string, unknown> | null | undefined)?.[resumeIdAlias];
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  try {
    return BigInt(value);
  } catch {
    return null;
  }
}

/** Removes the private id alias from a resolved result before it reaches clients. */
export function stripResumeId(data: Record<string, unknown> | null | undefined, rootField: string): void {
  const value = data?.[rootField] as Record<string, unknown> | null | undefined;
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the key is the constant alias this module added to the document
  if (value && typeof value === 'object') delete value[resumeIdAlias];
}
