import type { ApolloServer } from '@apollo/server';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { GatewayContext } from '../context.js';
import type { OperationLimits } from '../limits/operation-limits.js';

/** What the WebSocket endpoint needs from the gateway. */
export interface GraphqlWsOptions {
  readonly httpServer: Server;
  readonly path: string;
  readonly apollo: ApolloServer<GatewayContext>;
  /** The current API schema of the supergraph. */
  readonly apiSchema: () => GraphQLSchema;
  readonly limits: OperationLimits;
  readonly createContext: (credentials: { authorization: string | undefined; clientAddress: string }) => Promise<GatewayContext>;
  readonly formatError: (error: GraphQLFormattedError) => GraphQLFormattedError;
  readonly isProduction: boolean;
}

/** The graphql-ws endpoint and how to close it. */
export interface GraphqlWsEndpoint {
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
}

type Extra = { identityContext?: GatewayContext };

/** Reads the credential a client sent in `connection_init` (`authorization` or `Authorization`). */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
}

function asGraphQLErrors(errors: readonly GraphQLFormattedError[]): GraphQLError[] {
  return errors.map((error) => new GraphQLError(error.message, { extensions: error.extensions }));
}

/**
 * Hosts graphql-ws (graphql-transport-ws protocol) on the gateway's HTTP server at `path`.
 * `connection_init` carries the credential, verified once per connection: a bad one closes the
 * socket with 4403. Every operation is parsed with the token limit and validated against the API
 * schema with the same limits as HTTP; queries and mutations run through the same Apollo pipeline.
 */
export function startGraphqlWs(options: GraphqlWsOptions): GraphqlWsEndpoint {
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: 256 * 1024 });
  const rules = [...specifiedRules, ...options.limits.validationRules];
  const disposable = useServer<Record<string, unknown>, Extra>(
    {
      isProd: options.isProduction,
      onConnect: async (ctx) => {
        try {
          const address = ctx.extra.request.socket.remoteAddress ?? '';
          ctx.extra.identityContext = await options.createContext({ authorization: authorizationOf(ctx.connectionParams), clientAddress: address });
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, options.limits.parseOptions);
        } catch (error) {
          const message = error instanceof GraphQLError ? error.message : 'The query could not be parsed.';
          return asGraphQLErrors([options.formatError({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
        }
        const schema = options.apiSchema();
        const errors = validate(schema, document, rules);
        if (errors.length > 0) {
          return asGraphQLErrors(errors.map((error) => options.formatError({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })));
        }
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: ctx.extra.identityContext,
        };
        return args;
      },
      execute: async (args) => {
        const response = await options.apollo.executeOperation(
          { query: args.document, operationName: args.operationName ?? undefined, variables: (args.variableValues as Record<string, unknown> | null) ?? undefined },
          { contextValue: args.contextValue as GatewayContext },
        );
        if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported over WebSocket');
        return response.body.singleResult as never;
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => options.formatError(error.toJSON())),
    },
    wsServer,
  );
  return {
    close: async () => {
      for (const client of wsServer.clients) client.close(1001, 'Server shutting down');
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
