import { buildOperationContext } from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import { print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';

/** The operation as the gateway's executor needs it. */
export type OperationContext = ReturnType<typeof buildOperationContext>;

/** How one subscription operation runs across the federation. */
export interface SubscriptionPlan {
  /** The fetch that opens the event stream on the owning subgraph. */
  readonly primary: FetchNode;
  /** Per event: the primary fetch followed by the entity fetches into other subgraphs. */
  readonly perEvent: QueryPlan;
  /** The operation, as the gateway's executor needs it. */
  readonly operationContext: OperationContext;
  /** Response name of the subscription's root field (its alias or name). */
  readonly rootField: string;
  /** Schema name of the subscription's root field. */
  readonly rootFieldName: string;
}

/** Plans kept (the least recently used is forgotten first). */
const maxCachedPlans = 1_000;

/**
 * Plans subscriptions with Apollo's query planner over the same supergraph as the gateway:
 * a `SubscriptionNode { primary, rest }` becomes the primary fetch (run upstream over
 * graphql-ws) and a per-event plan `Sequence[primary, rest]` whose primary step is answered from
 * the event itself. Plans are cached by document and operation name (lru-cache, at most 1,000).
 */
export class SubscriptionPlanner {
  /** The API schema clients validate against. */
  readonly apiSchema: GraphQLSchema;
  /** The supergraph schema the executor needs. */
  readonly supergraphSchema: GraphQLSchema;
  /** The API schema in the planner's own representation, as the executor needs it. */
  readonly federationApiSchema: Schema;
  readonly #supergraph: Supergraph;
  readonly #planner: QueryPlanner;
  readonly #cache = new LRUCache<string, SubscriptionPlan>({ max: maxCachedPlans });

  constructor(supergraphSdl: string) {
    this.#supergraph = Supergraph.build(supergraphSdl);
    this.#planner = new QueryPlanner(this.#supergraph);
    this.federationApiSchema = this.#supergraph.apiSchema();
    this.apiSchema = this.federationApiSchema.toGraphQLJSSchema();
    this.supergraphSchema = this.#supergraph.schema.toGraphQLJSSchema();
  }

  /** The plan of a validated subscription document. */
  plan(document: DocumentNode, operationName: string | null): SubscriptionPlan {
    const key = `${operationName ?? ''}\n${print(document)}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const operation = operationFromDocument(this.federationApiSchema, document, { operationName: operationName ?? undefined });
    const queryPlan = this.#planner.buildQueryPlan(operation);
    const node = queryPlan.node;
    if (node?.kind !== 'Subscription') throw new Error('not a subscription operation');
    const nodes: PlanNode[] = node.rest ? [node.primary, node.rest] : [node.primary];
    const operationContext = buildOperationContext({ schema: this.apiSchema, operationDocument: document, operationName: operationName ?? undefined });
    const rootSelection = operationContext.operation.selectionSet.selections[0];
    const rootField = rootSelection?.kind === 'Field' ? (rootSelection.alias ?? rootSelection.name).value : '';
    const rootFieldName = rootSelection?.kind === 'Field' ? rootSelection.name.value : '';
    const plan: SubscriptionPlan = {
      primary: node.primary,
      perEvent: { kind: 'QueryPlan', node: nodes.length === 1 ? node.primary : { kind: 'Sequence', nodes } },
      operationContext,
      rootField,
      rootFieldName,
    };
    this.#cache.set(key, plan);
    return plan;
  }
}
