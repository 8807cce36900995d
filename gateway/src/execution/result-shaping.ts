import {
  assert,
  ERRORS,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  typenameFieldName,
  Variable,
  type CompositeType,
  type Directive,
  type Field,
  type FieldSelection,
  type FragmentElement,
  type Operation,
  type OutputType,
  type Schema,
  type Selection,
  type SelectionSet,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

/** What @apollo/gateway's `computeResponse` receives (dist/resultShaping.js). */
export interface ComputeResponseInput {
  readonly operation: Operation;
  readonly variables: Record<string, unknown> | undefined;
  readonly input: Record<string, unknown> | null | undefined;
  readonly introspectionHandling: (selection: FieldSelection) => unknown;
}

/** What it returns: the client's data, shaped exactly as the operation asks, and the value-completion errors. */
export interface ComputeResponseOutput {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: GraphQLError[];
}

interface Shaping {
  readonly schema: Schema;
  readonly variables: Record<string, unknown>;
  readonly errors: GraphQLError[];
  readonly introspectionHandling: (selection: FieldSelection) => unknown;
  /** isSubtype(typeCondition, type) answers of this response (a pure function of two schema types). */
  readonly subtypes: Map<CompositeType, Map<CompositeType, boolean>>;
}

/**
 * The objects of the shaped answer: nothing is inherited (a response name such as `__proto__` or
 * `constructor` is an own property like any other, as with Apollo's `Object.create(null)`), but,
 * unlike null-prototype objects, which V8 keeps as hash tables, they are ordinary fast objects
 * sharing hidden classes: a third of the memory, and JSON.stringify takes its fast path.
 */
const ShapedObject = function ShapedObject() {} as unknown as new () => Record<string, unknown>;
ShapedObject.prototype = Object.create(null) as object;

const OK = 0;
const NULL_BUBBLE_UP = 1;
const hasOwnProperty = Object.prototype.hasOwnProperty;

// The outcome of the last `updateOutputValue` call, read by its caller right after it returns:
// Apollo's version returns a new `{ updated, isInvalid, hasErrors }` object for every value of the
// answer, the largest share of its allocations.
let updated: unknown;
let isInvalid: boolean | undefined;
let hasErrors: boolean | undefined;

function finish(value: unknown, invalid?: boolean, errors?: boolean): void {
  updated = value;
  isInvalid = invalid;
  hasErrors = errors;
}

/** A `@skip` or `@include` applied to a selection. */
type ConditionDirective = Directive<never, { if: boolean | Variable }>;

function ifValue(directive: ConditionDirective, variables: Record<string, unknown>): boolean {
  const ifArg = directive.arguments().if;
  if (ifArg instanceof Variable) {
    const value = variables[ifArg.name];
    if (value === undefined || typeof value !== 'boolean')
      assert(false, () => `Unexpected value ${String(value)} for variable ${String(ifArg)} of ${String(directive)}`);
    return value as boolean;
  }
  return ifArg as boolean;
}

/** Only called for selections with directives (most carry none: no filtering, where Apollo filters twice per selection and object). */
function shouldSkip(element: Selection['element'], shaping: Shaping): boolean {
  const skip = element.appliedDirectivesOf(shaping.schema.skipDirective())[0] as ConditionDirective | undefined;
  const include = element.appliedDirectivesOf(shaping.schema.includeDirective())[0] as ConditionDirective | undefined;
  return Boolean((skip && ifValue(skip, shaping.variables)) || (include && !ifValue(include, shaping.variables)));
}

function typeConditionApplies(shaping: Shaping, typeCondition: CompositeType | undefined, typename: string | undefined, parentType: CompositeType): boolean {
  if (!typeCondition) return true;
  const type = typename ? shaping.schema.type(typename) : parentType;
  if (!type) return false;
  let answers = shaping.subtypes.get(typeCondition);
  if (!answers) shaping.subtypes.set(typeCondition, (answers = new Map()));
  let applies = answers.get(type as CompositeType);
  if (applies === undefined) {
    applies = isSubtype(typeCondition, type as CompositeType);
    answers.set(type as CompositeType, applies);
  }
  return applies;
}

const integerLimit = 1e21;

/**
 * federation-internals' `isValidLeafValue` (values.js), without its `String(value)` and regular
 * expression per number: an integer below 1e21 in magnitude is exactly a number whose String()
 * matches `/^-?(?:0|[1-9][0-9]*)$/` (from 1e21 on, String() switches to exponent notation).
 */
function isValidLeafValue(schema: Schema, value: unknown, type: OutputType): boolean {
  if (isCustomScalarType(type)) return true;
  if (typeof value === 'boolean') return type === schema.booleanType();
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (type === schema.intType() || type === schema.idType()) return Number.isInteger(value) && Math.abs(value) < integerLimit;
    return type === schema.floatType();
  }
  if (typeof value === 'string') {
    if (isEnumType(type)) return type.value(value) !== undefined;
    return type !== schema.booleanType() && type !== schema.intType() && type !== schema.floatType();
  }
  return false;
}

function pathLastElementDescription(path: (string | number)[], currentType: OutputType, parentType: CompositeType): string {
  const element = path[path.length - 1];
  assert(element !== undefined, 'Should not have been called on an empty path');
  return typeof element === 'string' ? `field ${String(parentType)}.${element}` : `array element of type ${String(currentType)} at index ${element}`;
}

/** What shaping needs of one selection, read once per selection set instead of through federation-internals' getters at every object. */
interface CompiledSelection {
  readonly selection: Selection;
  /** Whether the selection carries directives (`@skip`/`@include` are checked per response only then). */
  readonly conditional: boolean;
  /** For a field: its response name, type and kind. */
  readonly responseName: string;
  readonly type: OutputType | undefined;
  readonly introspection: boolean;
  readonly typename: boolean;
  /** For a fragment: its type condition. */
  readonly fragment: boolean;
  readonly typeCondition: CompositeType | undefined;
  readonly selectionSet: SelectionSet | undefined;
}

/** Compiled selection sets; weak: an entry lives as long as its operation (cached per document by the query plan execution). */
const compiledSelectionSets = new WeakMap<SelectionSet, readonly CompiledSelection[]>();

function compile(selectionSet: SelectionSet): readonly CompiledSelection[] {
  let compiled = compiledSelectionSets.get(selectionSet);
  if (!compiled) {
    compiled = selectionSet.selections().map((selection): CompiledSelection => {
      const conditional = selection.element.appliedDirectives.length > 0;
      if (selection.kind === 'FieldSelection') {
        const field = selection.element as Field;
        return {
          selection,
          conditional,
          responseName: field.responseName(),
          type: field.definition.type!,
          introspection: field.definition.isSchemaIntrospectionField(),
          typename: field.name === typenameFieldName,
          fragment: false,
          typeCondition: undefined,
          selectionSet: selection.selectionSet,
        };
      }
      const fragment = selection.element as FragmentElement;
      return {
        selection,
        conditional,
        responseName: '',
        type: undefined,
        introspection: false,
        typename: false,
        fragment: true,
        typeCondition: fragment.typeCondition,
        selectionSet: selection.selectionSet,
      };
    });
    compiledSelectionSets.set(selectionSet, compiled);
  }
  return compiled;
}

function applySelectionSet(
  input: Record<string, unknown>,
  selectionSet: SelectionSet,
  output: Record<string, unknown>,
  shaping: Shaping,
  path: (string | number)[],
  parentType: CompositeType,
): number {
  const selections = compile(selectionSet);
  for (let index = 0; index < selections.length; index++) {
    const compiled = selections[index]!;
    if (compiled.conditional && shouldSkip(compiled.selection.element, shaping)) continue;
    if (!compiled.fragment) {
      const responseName = compiled.responseName;
      const outputValue = output[responseName];
      if (compiled.introspection) {
        if (outputValue === undefined) output[responseName] = shaping.introspectionHandling(compiled.selection as FieldSelection);
        continue;
      }
      let inputValue = (hasOwnProperty.call(input, responseName) ? input[responseName] : undefined) ?? null;
      if (compiled.typename) {
        if (outputValue === undefined) {
          if (inputValue === null && responseName !== typenameFieldName) inputValue = input[typenameFieldName] ?? null;
          const type = inputValue !== null && typeof inputValue === 'string' ? (shaping.schema.type(inputValue) ?? parentType) : parentType;
          if (!isObjectType(type)) return NULL_BUBBLE_UP;
          output[responseName] = type.name;
        }
        continue;
      }
      path.push(responseName);
      updateOutputValue(outputValue, compiled.type!, inputValue, compiled.selectionSet, path, shaping, parentType);
      output[responseName] = updated;
      path.pop();
      if (isInvalid) return NULL_BUBBLE_UP;
    } else {
      const typename = input[typenameFieldName];
      if (typename && typeof typename !== 'string') assert(false, () => `Got unexpected value for __typename: ${String(typename)}`);
      if (typeConditionApplies(shaping, compiled.typeCondition, typename as string | undefined, parentType)) {
        const result = applySelectionSet(input, compiled.selectionSet!, output, shaping, path, compiled.typeCondition ?? parentType);
        if (result === NULL_BUBBLE_UP) return NULL_BUBBLE_UP;
      }
    }
  }
  return OK;
}

function updateOutputValue(
  outputValue: unknown,
  type: OutputType,
  inputValue: unknown,
  selectionSet: SelectionSet | undefined,
  path: (string | number)[],
  shaping: Shaping,
  parentType: CompositeType,
): void {
  assert(inputValue !== undefined, 'Should not pass undefined for `inputValue` to this method');
  if (outputValue === null || (outputValue !== undefined && !selectionSet)) return finish(outputValue);
  if (isNonNullType(type)) {
    updateOutputValue(outputValue, type.ofType, inputValue, selectionSet, path, shaping, parentType);
    if (updated === null) {
      if (!hasErrors)
        shaping.errors.push(
          ERRORS.INVALID_GRAPHQL.err(`Cannot return null for non-nullable ${pathLastElementDescription(path, type.ofType, parentType)}.`, {
            path: Array.from(path),
          }),
        );
      return finish(updated, true, true);
    }
    return finish(updated);
  }
  if (inputValue === null) return finish(null);
  if (isListType(type)) {
    if (!Array.isArray(inputValue)) assert(false, () => `Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${String(type)}`);
    if (outputValue !== undefined && !Array.isArray(outputValue))
      assert(false, () => `Invalid non-list value ${String(outputValue)} returned by subgraph for list type ${String(type)}`);
    const inputList = inputValue as unknown[];
    const outputList = outputValue as unknown[] | undefined;
    if (outputList !== undefined && inputList.length !== outputList.length)
      assert(false, () => `[${String(inputList)}].length (${inputList.length}) !== [${String(outputList)}].length (${outputList.length})`);
    const list = new Array<unknown>(inputList.length);
    let shouldNullify = false;
    let anyErrors = false;
    for (let index = 0; index < inputList.length; index++) {
      path.push(index);
      updateOutputValue(outputList === undefined ? undefined : outputList[index], type.ofType, inputList[index], selectionSet, path, shaping, parentType);
      path.pop();
      shouldNullify ||= !!isInvalid;
      anyErrors ||= !!hasErrors;
      list[index] = updated;
    }
    return finish(shouldNullify ? null : list, undefined, anyErrors);
  }
  if (isCompositeType(type)) {
    if (!selectionSet) assert(false, () => `Invalid empty selection set for composite type ${String(type)}`);
    if (typeof inputValue !== 'object')
      assert(false, () => `Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${String(type)}`);
    if (outputValue !== undefined && typeof outputValue !== 'object')
      assert(false, () => `Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${String(type)}`);
    const inputObject = inputValue as Record<string, unknown>;
    const inputTypename = inputObject[typenameFieldName];
    if (inputTypename !== undefined && typeof inputTypename !== 'string')
      assert(false, () => `Invalid non-string value ${String(inputTypename)} for __typename at ${String(path)}`);
    let objectType: CompositeType = type;
    if (inputTypename) {
      const typenameType = shaping.schema.type(inputTypename as string);
      if (!typenameType || !isCompositeType(typenameType)) {
        shaping.errors.push(
          ERRORS.INVALID_GRAPHQL.err(`Invalid __typename found for object at ${pathLastElementDescription(path, type, parentType)}.`, {
            path: Array.from(path),
          }),
        );
        return finish(null, undefined, true);
      }
      objectType = typenameType;
    }
    const outputObject = outputValue === undefined ? new ShapedObject() : (outputValue as Record<string, unknown>);
    const result = applySelectionSet(inputObject, selectionSet!, outputObject, shaping, path, objectType);
    const failed = result === NULL_BUBBLE_UP;
    return finish(failed ? null : outputObject, undefined, failed);
  }
  if (outputValue !== undefined) assert(false, () => `Excepted output to be undefined but got ${String(type)} for type ${String(type)}`);
  const valid = isValidLeafValue(shaping.schema, inputValue, type);
  if (!valid)
    shaping.errors.push(
      ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${pathLastElementDescription(path, type, parentType)}.`, { path: Array.from(path) }),
    );
  return finish(valid ? inputValue : null, undefined, !valid);
}

/**
 * The same result shaping as @apollo/gateway 2.14.4's `computeResponse` (dist/resultShaping.js): the same walk over the
 * operation's selections, the same output (objects inheriting nothing, fields in selection order, aliases,
 * `__typename`, nulls bubbling up to the nearest nullable field) and the same errors and assertions, but without its
 * per-value allocations: no result object per value (module registers instead), fast objects instead of hash tables
 * (`ShapedObject`), no directive filtering on selections without directives, no closures built for assertion messages
 * that hold, one array per list instead of two, subtype checks of fragments answered once per type pair, and what each
 * selection set needs read once (`compile`) instead of through getters at every object. It was the largest allocator
 * and a fifth of the CPU of a large answer (bench/README.md). `result-shaping.test.ts` compares both on generated
 * answers, valid and invalid.
 */
export function computeResponse({ operation, variables, input, introspectionHandling }: ComputeResponseInput): ComputeResponseOutput {
  if (!input) return { data: input, errors: [] };
  const schema = operation.schema();
  const shaping: Shaping = {
    schema,
    variables: { __proto__: null, ...operation.collectDefaultedVariableValues(), ...variables } as Record<string, unknown>,
    errors: [],
    introspectionHandling,
    subtypes: new Map(),
  };
  const data = new ShapedObject();
  const result = applySelectionSet(input, operation.selectionSet, data, shaping, [], schema.schemaDefinition.rootType(operation.rootKind)!);
  updated = undefined;
  return { data: result === NULL_BUBBLE_UP ? null : data, errors: shaping.errors };
}
