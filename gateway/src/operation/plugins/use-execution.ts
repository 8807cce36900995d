import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewaySchemaHash } from '@apollo/server-gateway-interface';
import { ErrorCode, internalErrorMessage, type Logger } from '@cryptograph/core/base';
import type { GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../../context.js';
import type { SubscriptionService } from '../../subscriptions/subscription-service.js';
import type { GatewayPlugin } from '../gateway-plugin.js';

/** What executes operations. */
export interface ExecutionOptions {
  /** @apollo/gateway's executor (query planning, plan cache, subgraph fetches) for queries and mutations. */
  readonly executor: GatewayExecutor;
  /** The API schema the executor was loaded with. */
  readonly schema: GraphQLSchema;
  /** The federated subscription executor, for subscriptions. */
  readonly subscriptions: SubscriptionService;
  readonly logger: Logger;
  /** Logs a subscription that failed to start (a bug: the document was validated). */
  readonly onUnexpected: (error: unknown) => void;
}

/**
 * The last plugin: runs what the earlier ones let through. Queries and mutations go straight to
 * @apollo/gateway's executor (the same one Apollo Server would call, without a second request
 * pipeline around it); subscriptions become a stream that the federated subscription service
 * opens when the transport starts it, sharing one upstream stream among identical subscriptions.
 */
export function useExecution(options: ExecutionOptions): GatewayPlugin {
  const schemaHash = 'api' as GatewaySchemaHash;
  return {
    name: 'execution',
    async onOperation(operation) {
      const definition = operation.definition!;
      const document = operation.document!;
      const operationName = definition.name?.value ?? null;
      if (definition.operation === 'subscription') {
        const { variables, context } = operation;
        return {
          kind: 'stream',
          start: (sink) => {
            try {
              return options.subscriptions.subscribe({ document, operationName, variables, context }, sink);
            } catch (error) {
              options.onUnexpected(error);
              sink.error([{ message: internalErrorMessage, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }]);
              return () => {};
            }
          },
        };
      }
      const { request } = operation;
      const requestContext: GatewayGraphQLRequestContext<GatewayContext> = {
        request: {
          query: operation.source!,
          operationName: request.operationName ?? undefined,
          variables: (request.variables ?? undefined) as Record<string, unknown> | undefined,
        },
        logger: options.logger,
        schema: options.schema,
        schemaHash,
        context: operation.context,
        cache: undefined as never,
        queryHash: operation.sourceHash!,
        document,
        source: operation.source!,
        operationName,
        operation: definition,
        metrics: {},
        overallCachePolicy: undefined,
      };
      const result = await options.executor(requestContext as GatewayGraphQLRequestContext);
      const errors = result.errors?.length ? result.errors.map((error) => error.toJSON()) : undefined;
      return {
        kind: 'result',
        status: 200,
        result: { ...(errors ? { errors } : {}), data: result.data ?? null, ...(result.extensions ? { extensions: result.extensions } : {}) },
      };
    },
  };
}
