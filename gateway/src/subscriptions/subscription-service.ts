import type { GraphQLDataSource } from '@apollo/gateway';
import type { Identity, Logger } from '@cryptograph/core/base';
import { createHash } from 'node:crypto';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import stableStringify from 'safe-stable-stringify';
import type { GatewayContext } from '../context.js';
import type { SubscriptionObserver } from '../telemetry/subscription-metrics.js';
import { authorizationScope, personalFieldsOf, selectsPersonalFields } from './authorization-scope.js';
import { deliveryPolicyOf } from './delivery-policy.js';
import { createEventExecutor } from './event-executor.js';
import { SubscriptionHub, type Subscriber } from './subscription-hub.js';
import { makeResumable, resumeAfterVariable, resumeIdOf, stripResumeId } from './resumable-document.js';
import { SubscriptionPlanner } from './subscription-planner.js';
import { createUpstreamConnector, type UpstreamTiming } from './upstream-client.js';

/** A validated subscription operation from one client. */
export interface SubscriptionRequest {
  readonly document: DocumentNode;
  readonly operationName: string | null;
  readonly variables: Record<string, unknown>;
  readonly context: GatewayContext;
}

/** What the subscription service needs from the gateway. */
export interface SubscriptionServiceOptions {
  readonly supergraphSdl: string;
  readonly subgraphUrls: () => Readonly<Record<string, string>>;
  readonly dataSources: () => Readonly<Record<string, GraphQLDataSource<GatewayContext>>>;
  readonly signIdentity: (identity: Identity, subgraph: string) => Promise<string>;
  readonly formatError: (error: GraphQLFormattedError) => GraphQLFormattedError;
  readonly logger: Logger;
  /** Reports subscriptions and event latency (metrics); optional. */
  readonly observer?: SubscriptionObserver;
  /** Upstream connection timing (keep-alive, timeouts, retry backoff); production defaults when absent. */
  readonly upstreamTiming?: Partial<UpstreamTiming>;
}

/**
 * Executes subscriptions for the federation (Apollo Gateway plans but cannot run them): plans
 * each operation, opens its primary fetch on the owning subgraph over graphql-ws, resolves every
 * event across the other subgraphs, and shares one stream among identical subscriptions.
 */
export function createSubscriptionService(options: SubscriptionServiceOptions) {
  const planner = new SubscriptionPlanner(options.supergraphSdl);
  const personalFields = personalFieldsOf(options.supergraphSdl);
  const upstream = createUpstreamConnector({
    subgraphUrls: options.subgraphUrls,
    signIdentity: options.signIdentity,
    logger: options.logger,
    ...(options.upstreamTiming ? { timing: options.upstreamTiming } : {}),
  });
  const execute = createEventExecutor(planner, options.dataSources);
  const hub = new SubscriptionHub((error) => options.logger.error({ err: error }, 'subscription event failed'));
  const formatErrors = (errors: readonly GraphQLFormattedError[]) => errors.map(options.formatError);

  return {
    /** The API schema subscriptions are validated against. */
    apiSchema: planner.apiSchema,
    /** Counters of the shared streams. */
    stats: () => hub.stats(),
    /** Starts a subscription; returns how to stop it. */
    subscribe(request: SubscriptionRequest, subscriber: Subscriber): () => void {
      const clientPlan = planner.plan(request.document, request.operationName);
      const policy = deliveryPolicyOf(clientPlan.rootFieldName);
      const resumable =
        policy.kind === 'lossless' && policy.resume ? makeResumable(request.document, request.operationName, request.variables, policy.resume) : null;
      const plan = resumable ? planner.plan(resumable.document, request.operationName) : clientPlan;
      const variables = resumable?.variables ?? request.variables;
      const personal = selectsPersonalFields(planner.apiSchema, request.document, personalFields);
      const scope = authorizationScope(request.context.identity, personal);
      const ended = options.observer?.subscribed(clientPlan.rootFieldName);
      const received = new WeakMap<object, number>();
      // Variables as JSON with sorted object keys, so equal variables give equal stream keys.
      const key = createHash('sha256')
        .update(`${request.operationName ?? ''}\n${print(request.document)}\n${stableStringify(request.variables)}\n${scope}`)
        .digest('base64url');
      const unsubscribe = hub.subscribe(
        key,
        () => {
          // graphql-ws re-sends this same variables object when it reconnects, so advancing the
          // resume variable here makes a reconnect resume after the last event received.
          const primaryVariables: Record<string, unknown> = Object.fromEntries(
            (plan.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]),
          );
          return {
            policy,
            rootField: plan.rootField,
            formatErrors,
            execute: async (eventData) => {
              const result = await execute({ plan, variables, context: request.context }, eventData);
              if (resumable) stripResumeId(result.data as Record<string, unknown> | null, plan.rootField);
              const arrived = received.get(eventData);
              if (arrived !== undefined) options.observer?.resolved(clientPlan.rootFieldName, (performance.now() - arrived) / 1000);
              return result;
            },
            ...(resumable
              ? {
                  resume: {
                    eventId: (data: Record<string, unknown>) => resumeIdOf(data, plan.rootField),
                    advance: (id: bigint) => void (primaryVariables[resumeAfterVariable] = id.toString()),
                  },
                }
              : {}),
            open: (sink) =>
              upstream.subscribe(
                plan.primary.serviceName,
                scope,
                request.context.identity,
                { query: plan.primary.operation, variables: primaryVariables, operationName: plan.primary.operationName },
                {
                  next: (data) => {
                    if (options.observer) received.set(data, performance.now());
                    sink.next(data);
                  },
                  error: sink.error,
                  complete: sink.complete,
                  interrupted: sink.interrupted,
                  restored: sink.restored,
                },
              ),
          };
        },
        ended
          ? { next: subscriber.next, error: (errors) => (ended(), subscriber.error(errors)), complete: () => (ended(), subscriber.complete()) }
          : subscriber,
      );
      return () => {
        ended?.();
        unsubscribe();
      };
    },
    /** Closes every upstream connection. */
    close: () => upstream.close(),
  };
}

/** The subscription service's interface. */
export type SubscriptionService = ReturnType<typeof createSubscriptionService>;
