import { assert, errorCodeDef, ERRORS, operationFromDocument, type Operation, type Schema } from '@apollo/federation-internals';
import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import { evaluateCondition, type FetchNode, type PlanNode, type QueryPlan, type ResponsePath } from '@apollo/query-planner';
import type { GatewayExecutionResult, GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  executeSync,
  GraphQLError,
  Kind,
  OperationTypeNode,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';
import { apolloDataRewrites, apolloGatewayModule, apolloTelemetry } from './apollo-gateway-internals.js';
import { deepMerge, flattenResultsAtPath, representationOf } from './plan-data.js';
import { computeResponse } from './result-shaping.js';

/** What @apollo/gateway's executor passes to `executeQueryPlan` as the operation (dist/operationContext.js). */
export interface OperationContext {
  readonly schema: GraphQLSchema;
  readonly operation: OperationDefinitionNode;
  readonly fragments: Record<string, FragmentDefinitionNode>;
}

/** @apollo/gateway's `executeQueryPlan` (its signature in 2.14.4). */
export type ExecuteQueryPlan = (
  queryPlan: QueryPlan,
  serviceMap: ServiceMap,
  requestContext: GatewayGraphQLRequestContext,
  operationContext: OperationContext,
  supergraphSchema: GraphQLSchema,
  apiSchema: Schema,
  telemetryConfig?: unknown,
) => Promise<GatewayExecutionResult>;

interface Cursor {
  readonly path: ResponsePath;
  readonly data: unknown;
  readonly fullResult: Record<string, unknown>;
}

interface ExecutionContext {
  readonly operation: Operation;
  readonly serviceMap: ServiceMap;
  readonly requestContext: GatewayGraphQLRequestContext;
  readonly supergraphSchema: GraphQLSchema;
  readonly errors: GraphQLError[];
  readonly telemetryConfig: unknown;
}

const { tracer, OpenTelemetrySpanNames, recordExceptions } = apolloTelemetry;
const { applyRewrites } = apolloDataRewrites;
const { generateHydratedPaths } = apolloGatewayModule<{
  generateHydratedPaths(parent: ResponsePath, path: ResponsePath, data: unknown, result: ResponsePath[]): void;
}>('executeQueryPlan');
const incomingOperation = 'incoming operation';

/**
 * The operation of each document, per API schema: Apollo builds it again for every request from
 * the document's operation and fragments. Weak on both: an entry lives as long as the parsed
 * document (bounded by the parser's cache) and the schema.
 */
const operations = new WeakMap<Schema, WeakMap<OperationDefinitionNode, Operation>>();

function operationOf(apiSchema: Schema, operationContext: OperationContext): Operation {
  let bySchema = operations.get(apiSchema);
  if (!bySchema) operations.set(apiSchema, (bySchema = new WeakMap()));
  let operation = bySchema.get(operationContext.operation);
  if (!operation) {
    operation = operationFromDocument(
      apiSchema,
      { kind: Kind.DOCUMENT, definitions: [operationContext.operation, ...Object.values(operationContext.fragments)] },
      { validate: false },
    );
    bySchema.set(operationContext.operation, operation);
  }
  return operation;
}

function collectUsedVariables(node: SelectionNode): Set<string> {
  const used = new Set<string>();
  visit(node, { Variable: ({ name }) => void used.add(name.value) });
  return used;
}

function introspectionDocument(selection: SelectionNode, variableDefinitions: readonly VariableDefinitionNode[] | undefined): DocumentNode {
  const used = collectUsedVariables(selection);
  const definitions = variableDefinitions?.filter((definition) => used.has(definition.variable.name.value));
  assert(
    used.size === (definitions?.length ?? 0),
    () => `Should have found all used variables ${[...used].join(', ')} in definitions ${JSON.stringify(variableDefinitions)}`,
  );
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        variableDefinitions: definitions,
        selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
      },
    ],
  };
}

function executeIntrospection(
  schema: GraphQLSchema,
  selection: SelectionNode & { alias?: { value: string }; name?: { value: string } },
  variableDefinitions: readonly VariableDefinitionNode[] | undefined,
  variableValues: Record<string, unknown> | undefined,
): unknown {
  const { data, errors } = executeSync({ schema, document: introspectionDocument(selection, variableDefinitions), rootValue: {}, variableValues });
  assert(!errors || errors.length === 0, () => `Introspection query for ${JSON.stringify(selection)} should not have failed but got ${JSON.stringify(errors)}`);
  assert(data, () => `Introspection query for ${JSON.stringify(selection)} should not have failed`);
  const key = selection.alias?.value ?? selection.name!.value;
  return Object.prototype.hasOwnProperty.call(data, key) ? (data as Record<string, unknown>)[key] : undefined;
}

function moveIntoCursor(cursor: Cursor, path: ResponsePath): Cursor | undefined {
  const data = flattenResultsAtPath(cursor.data, path);
  return data ? { path: cursor.path.concat(path), data, fullResult: cursor.fullResult } : undefined;
}

function downstreamServiceError(
  original: GraphQLFormattedError,
  serviceName: string,
  errorPath: (path: readonly (string | number)[] | undefined) => (string | number)[] | undefined,
): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = { originalError: original as Error, path: errorPath(original.path), extensions: { ...original.extensions, serviceName } };
  const codeDef = errorCodeDef(original as GraphQLError);
  if (!codeDef && original.extensions?.code) return new GraphQLError(message, options);
  return (codeDef ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}

function lazyErrorPaths(fetch: FetchNode, cursor: Cursor) {
  let hydrated: ResponsePath[] | undefined;
  return (errorPath: readonly (string | number)[] | undefined): (string | number)[] | undefined => {
    if (fetch.requires && typeof errorPath?.[1] === 'number') {
      if (!hydrated) {
        hydrated = [];
        generateHydratedPaths([], cursor.path, cursor.fullResult, hydrated);
      }
      return [...(hydrated[errorPath[1]] ?? []), ...errorPath.slice(2)];
    }
    return errorPath ? [...cursor.path, ...errorPath.slice()] : undefined;
  };
}

async function sendOperation(
  context: ExecutionContext,
  fetch: FetchNode,
  cursor: Cursor,
  service: GraphQLDataSource,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown> | null | undefined> {
  const { requestContext } = context;
  const response = await service.process({
    kind: incomingOperation as never,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    incomingRequestContext: requestContext,
    context: requestContext.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: cursor.path,
  } as never);
  if (response.errors) {
    const errorPath = lazyErrorPaths(fetch, cursor);
    context.errors.push(...response.errors.map((error) => downstreamServiceError(error, fetch.serviceName, errorPath)));
    if (!response.extensions?.ftv1) {
      const paths = response.errors.map((error) => ({ subgraph: fetch.serviceName, path: error.path }));
      const metrics = requestContext.metrics as { nonFtv1ErrorPaths?: unknown[] } | undefined;
      if (metrics?.nonFtv1ErrorPaths) metrics.nonFtv1ErrorPaths.push(...paths);
      else if (metrics) metrics.nonFtv1ErrorPaths = paths;
    }
  }
  return response.data as Record<string, unknown> | null | undefined;
}

function executeFetch(context: ExecutionContext, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = context.serviceMap[fetch.serviceName];
  return tracer.startActiveSpan(OpenTelemetrySpanNames.FETCH, { attributes: { service: fetch.serviceName } }, async (span) => {
    try {
      if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
      let entities: Record<string, unknown>[];
      if (Array.isArray(cursor.data)) {
        entities = [];
        for (const entity of cursor.data) if (entity !== null && entity !== undefined) entities.push(entity as Record<string, unknown>);
      } else {
        entities = [cursor.data as Record<string, unknown>];
      }
      if (entities.length < 1) return;
      const variables = Object.create(null) as Record<string, unknown>;
      if (fetch.variableUsages) {
        const provided = context.requestContext.request.variables;
        for (const name of fetch.variableUsages) {
          if (provided && Object.prototype.hasOwnProperty.call(provided, name) && typeof provided[name] !== 'undefined') variables[name] = provided[name];
        }
      }
      if (!fetch.requires) {
        const received = await sendOperation(context, fetch, cursor, service, variables);
        if (received) applyRewrites(context.supergraphSchema, fetch.outputRewrites, received);
        for (const entity of entities) deepMerge(entity, received);
        return;
      }
      const representations: Record<string, unknown>[] = [];
      const representationToEntity: number[] = [];
      for (let index = 0; index < entities.length; index++) {
        const representation = representationOf(context.supergraphSchema, entities[index]!, fetch.requires);
        if (representation && representation.__typename) {
          applyRewrites(context.supergraphSchema, fetch.inputRewrites, representation);
          representations.push(representation);
          representationToEntity.push(index);
        }
      }
      if (representations.length < 1) return;
      if ('representations' in variables) throw new Error(`Variables cannot contain key "representations"`);
      const received = await sendOperation(context, fetch, cursor, service, { ...variables, representations });
      if (!received) return;
      const receivedEntities = received._entities;
      if (!(receivedEntities && Array.isArray(receivedEntities))) throw new Error(`Expected "data._entities" in response to be an array`);
      if (receivedEntities.length !== representations.length) throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
      // Apollo's loop runs over `entities` (not the representations): the same here, entities past the last representation included.
      for (let index = 0; index < entities.length; index++) {
        const receivedEntity = receivedEntities[index] as Record<string, unknown> | null | undefined;
        const existing = entities[representationToEntity[index]!]!;
        if (receivedEntity && !receivedEntity.__typename) receivedEntity.__typename = existing.__typename;
        applyRewrites(context.supergraphSchema, fetch.outputRewrites, receivedEntity);
        deepMerge(entities[representationToEntity[index]!]!, receivedEntity);
      }
    } catch (error) {
      recordExceptions(span, [error], context.telemetryConfig);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

async function executeNode(context: ExecutionContext, node: PlanNode, cursor: Cursor | undefined): Promise<void> {
  if (!cursor) return;
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(context, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(context, child, cursor)));
      return;
    case 'Flatten':
      return executeNode(context, node.node, moveIntoCursor(cursor, node.path));
    case 'Fetch':
      try {
        await executeFetch(context, node, cursor);
      } catch (error) {
        context.errors.push(error as GraphQLError);
      }
      return;
    case 'Condition': {
      const branch = evaluateCondition(node, context.operation.variableDefinitions, context.requestContext.request.variables) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(context, branch, cursor);
      return;
    }
    case 'Defer':
      assert(false, `@defer support is not available in the gateway`);
  }
}

/**
 * @apollo/gateway 2.14.4's `executeQueryPlan` (dist/executeQueryPlan.js) for requests that capture
 * no usage-reporting trace (ours never do; those go to `apollo`): the same plan walk, fetches,
 * spans, errors and result, without what costs per request there: no protobuf trace node built
 * for every plan node (Apollo builds them even when nothing reads them), the operation built once
 * per document instead of per request, `flattenResultsAtPath`, `deepMerge` and representations
 * without their per-value allocations (`plan-data.ts`), and our result shaping called directly.
 */
export function createQueryPlanExecution(apollo: ExecuteQueryPlan): ExecuteQueryPlan {
  return (queryPlan, serviceMap, requestContext, operationContext, supergraphSchema, apiSchema, telemetryConfig) => {
    if (requestContext.metrics?.captureTraces)
      return apollo(queryPlan, serviceMap, requestContext, operationContext, supergraphSchema, apiSchema, telemetryConfig);
    return tracer.startActiveSpan(OpenTelemetrySpanNames.EXECUTE, async (span) => {
      try {
        let operation: Operation;
        try {
          operation = operationOf(apiSchema, operationContext);
        } catch (error) {
          if (error instanceof GraphQLError) return { errors: [error] };
          throw error;
        }
        const errors: GraphQLError[] = [];
        const context: ExecutionContext = { operation, serviceMap, requestContext, supergraphSchema, errors, telemetryConfig };
        const unfilteredData = Object.create(null) as Record<string, unknown>;
        if (queryPlan.node?.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
        if (queryPlan.node) await executeNode(context, queryPlan.node, { path: [], data: unfilteredData, fullResult: unfilteredData });
        const result = tracer.startActiveSpan(OpenTelemetrySpanNames.POST_PROCESSING, (postSpan): GatewayExecutionResult => {
          let data: Record<string, unknown> | null | undefined;
          try {
            const variables = requestContext.request.variables;
            let postProcessingErrors: GraphQLError[];
            ({ data, errors: postProcessingErrors } = computeResponse({
              operation,
              variables,
              input: unfilteredData,
              introspectionHandling: (field) =>
                executeIntrospection(
                  operationContext.schema,
                  field.expandFragments().toSelectionNode() as never,
                  operationContext.operation.variableDefinitions,
                  variables,
                ),
            }));
            if (errors.length === 0 && postProcessingErrors.length > 0) {
              recordExceptions(postSpan, postProcessingErrors, telemetryConfig);
              postSpan.setStatus({ code: SpanStatusCode.ERROR });
              return { extensions: { valueCompletion: postProcessingErrors }, data };
            }
          } catch (error) {
            recordExceptions(postSpan, [error], telemetryConfig);
            postSpan.setStatus({ code: SpanStatusCode.ERROR });
            if (error instanceof GraphQLError) return { errors: [error] };
            if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
            (requestContext.logger ?? console).error(`Unexpected error during query plan execution: ${String(error)}`);
            return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
          } finally {
            postSpan.end();
          }
          return errors.length === 0 ? { data } : { errors, data };
        });
        if (result.errors) {
          recordExceptions(span, result.errors, telemetryConfig);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return result;
      } catch (error) {
        recordExceptions(span, [error], telemetryConfig);
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  };
}
