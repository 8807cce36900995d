import {
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

/** Weights of the cost analysis; every field has a documented default. */
export interface CostWeights {
  /** Page size assumed for a `first` argument that is omitted and has no default (default 20). */
  readonly defaultPageSize?: number;
  /** Points assumed for an omitted `maxPoints` (default 1000; a range may span up to 10000 bars). */
  readonly defaultMaxPoints?: number;
  /** Length assumed for a list without a size argument (default 10). */
  readonly defaultListSize?: number;
  /** Extra cost of each mutation root field (default 10). */
  readonly mutationCost?: number;
}

/** The arguments that say how many items a list field returns. */
const sizeArguments = ['first', 'maxPoints'] as const;

/**
 * Computes an operation's cost before it runs, so that clients can tune their queries: every field
 * that returns an object costs 1 per object it may return, scalars are free. A list field returns as
 * many objects as its `first` / `maxPoints` argument says (variables resolved, then the argument's
 * default, then the weights' defaults); a connection's size applies to its `edges`/`nodes` list;
 * nested lists multiply. Fragments of abstract types all count (an upper bound); introspection is
 * free. Written here (not graphql-armor's cost rule) because the cost must depend on argument and
 * variable values, which a validation rule cannot see.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  weights: CostWeights = {},
): number {
  const defaultPageSize = weights.defaultPageSize ?? 20;
  const defaultMaxPoints = weights.defaultMaxPoints ?? 1000;
  const defaultListSize = weights.defaultListSize ?? 10;
  const mutationCost = weights.mutationCost ?? 10;
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const defaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, valueFromASTUntyped(definition.defaultValue));
  }

  function sizeOf(field: GraphQLField<unknown, unknown>, node: FieldNode): number | undefined {
    for (const name of sizeArguments) {
      const definition = field.args.find((argument) => argument.name === name);
      if (!definition) continue;
      const argument = node.arguments?.find((candidate) => candidate.name.value === name);
      let value: unknown = definition.defaultValue;
      if (argument) {
        value =
          argument.value.kind === Kind.VARIABLE
            ? (variables?.[argument.value.name.value] ?? defaults.get(argument.value.name.value))
            : valueFromASTUntyped(argument.value);
      }
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
      return name === 'first' ? defaultPageSize : defaultMaxPoints;
    }
    return undefined;
  }

  function fieldsOf(type: GraphQLCompositeType): Record<string, GraphQLField<unknown, unknown>> | undefined {
    return isObjectType(type) || isInterfaceType(type) ? type.getFields() : undefined;
  }

  function costOf(
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    multiplier: number,
    carriedSize: number | undefined,
    visited: ReadonlySet<string>,
  ): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (condition && isCompositeType(condition)) total += costOf(selection.selectionSet, condition, multiplier, carriedSize, visited);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visited.has(fragment.name.value)) continue;
        const condition = schema.getType(fragment.typeCondition.name.value);
        if (condition && isCompositeType(condition))
          total += costOf(fragment.selectionSet, condition, multiplier, carriedSize, new Set([...visited, fragment.name.value]));
        continue;
      }
      if (selection.name.value.startsWith('__')) continue;
      const field = fieldsOf(parent)?.[selection.name.value];
      if (!field) continue;
      const size = sizeOf(field, selection);
      const returnsList = isListType(getNullableType(field.type));
      const named = getNamedType(field.type);
      const count = returnsList ? multiplier * (size ?? carriedSize ?? defaultListSize) : multiplier;
      if (!isCompositeType(named) || !selection.selectionSet) continue;
      total += count + costOf(selection.selectionSet, named, count, returnsList ? undefined : size, visited);
    }
    return total;
  }

  const rootFields = operation.selectionSet.selections.filter((selection) => selection.kind === Kind.FIELD && !selection.name.value.startsWith('__')).length;
  const extra = operation.operation === 'mutation' ? mutationCost * rootFields : 0;
  return Math.max(1, Math.ceil(costOf(operation.selectionSet, root, 1, undefined, new Set()) + extra));
}
