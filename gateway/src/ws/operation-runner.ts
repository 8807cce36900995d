import type { ApolloServer } from '@apollo/server';
import { ErrorCode } from '@cryptograph/core';
import { getOperationAST, GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import type { SubscribePayload } from 'graphql-ws';
import type { GatewayContext } from '../context.js';
import type { OperationLimits } from '../limits/operation-limits.js';
import type { UsageLimits } from '../limits/use-usage-limits.js';
import type { SubscriptionService } from '../subscriptions/subscription-service.js';
import type { SubscriptionCap } from './subscription-cap.js';

/** Where the results of one operation go. */
export interface OperationSink {
  /** One result, serialized (UTF-8) as the `next` payload; `conflationKey` marks replaceable events. */
  next(payload: Buffer, conflationKey: string | null): void;
  error(errors: readonly GraphQLFormattedError[]): void;
  complete(): void;
}

/** What running operations over the WebSocket needs. */
export interface OperationRunnerOptions {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly subscriptions: SubscriptionService;
  readonly limits: OperationLimits;
  readonly cap: SubscriptionCap;
  /** Rate limit and cost budget of subscriptions (queries and mutations get them in the Apollo pipeline). */
  readonly usage?: UsageLimits;
  readonly formatError: (error: GraphQLFormattedError) => GraphQLFormattedError;
  /** Logs an error no operation should have raised. */
  readonly onUnexpected: (error: unknown) => void;
}

/**
 * Runs one WebSocket operation with the same rules as HTTP: parse with the token limit, validate
 * against the API schema with the operation limits, then queries and mutations through the Apollo
 * pipeline and subscriptions through the federated subscription service. Returns how to stop it.
 */
export function createOperationRunner(options: OperationRunnerOptions) {
  const rules = [...specifiedRules, ...options.limits.validationRules];
  const schema = options.subscriptions.apiSchema;
  const reject = (sink: OperationSink, code: string, messages: readonly string[]) => {
    sink.error(messages.map((message) => options.formatError({ message, extensions: { code } })));
    return () => {};
  };

  async function runQueryOrMutation(context: GatewayContext, payload: SubscribePayload, document: DocumentNode, sink: OperationSink, isActive: () => boolean) {
    const response = await options.apollo.executeOperation(
      { query: document, operationName: payload.operationName ?? undefined, variables: payload.variables ?? undefined },
      { contextValue: context },
    );
    if (!isActive()) return;
    if (response.body.kind !== 'single') return reject(sink, ErrorCode.BAD_USER_INPUT, ['Incremental delivery is not supported over WebSocket.']);
    sink.next(Buffer.from(JSON.stringify(response.body.singleResult)), null);
    sink.complete();
  }

  function start(context: GatewayContext, payload: SubscribePayload, sink: OperationSink): () => void {
    let document: DocumentNode;
    try {
      document = parse(payload.query, options.limits.parseOptions);
    } catch (error) {
      return reject(sink, 'GRAPHQL_PARSE_FAILED', [error instanceof GraphQLError ? error.message : 'The query could not be parsed.']);
    }
    const errors = validate(schema, document, rules);
    if (errors.length > 0) return reject(sink, 'GRAPHQL_VALIDATION_FAILED', errors.map((error) => error.message));
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return reject(sink, 'GRAPHQL_VALIDATION_FAILED', ['Name the operation to run with "operationName".']);
    if (operation.operation !== 'subscription') {
      let active = true;
      runQueryOrMutation(context, payload, document, sink, () => active).catch((error: unknown) => {
        options.onUnexpected(error);
        if (active) sink.error([options.formatError({ message: 'Internal server error.' })]);
      });
      return () => {
        active = false;
      };
    }
    if (!schema.getSubscriptionType()) return reject(sink, 'GRAPHQL_VALIDATION_FAILED', ['This schema has no subscription root type.']);
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 10 });
    if (coerced.errors) return reject(sink, ErrorCode.BAD_USER_INPUT, coerced.errors.map((error) => error.message));
    if (options.usage) {
      const variables = coerced.coerced;
      let cancelled = false;
      let stop: (() => void) | undefined;
      options.usage
        .admit(context, schema, document, payload.operationName, variables)
        .then(() => {
          if (!cancelled) stop = subscribe(context, payload, document, variables, sink);
        })
        .catch((error: unknown) => {
          if (cancelled) return;
          if (!(error instanceof GraphQLError)) options.onUnexpected(error);
          const { http: _http, ...extensions } = (error instanceof GraphQLError ? error.extensions : { code: ErrorCode.INTERNAL_SERVER_ERROR }) as Record<string, unknown>;
          sink.error([options.formatError({ message: error instanceof GraphQLError ? error.message : 'Internal server error.', extensions })]);
        });
      return () => {
        cancelled = true;
        stop?.();
      };
    }
    return subscribe(context, payload, document, coerced.coerced, sink);
  }

  function subscribe(context: GatewayContext, payload: SubscribePayload, document: DocumentNode, variables: Record<string, unknown>, sink: OperationSink): () => void {
    const release = options.cap.acquire(context.identity);
    if (!release) return reject(sink, ErrorCode.RATE_LIMITED, [`Too many concurrent subscriptions: at most ${options.cap.limit} per user.`]);
    const stop = options.subscriptions.subscribe(
      { document, operationName: payload.operationName ?? null, variables, context },
      {
        next: sink.next,
        error: (subscriptionErrors) => {
          release();
          sink.error(subscriptionErrors);
        },
        complete: () => {
          release();
          sink.complete();
        },
      },
    );
    return () => {
      release();
      stop();
    };
  }

  return (context: GatewayContext, payload: SubscribePayload, sink: OperationSink): (() => void) => {
    try {
      return start(context, payload, sink);
    } catch (error) {
      options.onUnexpected(error);
      return reject(sink, ErrorCode.INTERNAL_SERVER_ERROR, ['Internal server error.']);
    }
  };
}

/** Runs one WebSocket operation; returns how to stop it. */
export type OperationRunner = ReturnType<typeof createOperationRunner>;
