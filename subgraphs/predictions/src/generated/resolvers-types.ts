import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ModelRow } from '../models/model.table.js';
import type { AssetReference } from '../models/asset-reference.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date and time in UTC, e.g. `2024-06-30T00:00:00.000Z`. */
  DateTime: { input: Date | string; output: Date | string; }
  /** Arbitrary JSON value. */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** An asset, extended with its models. */
export type Asset = {
  __typename?: 'Asset';
  /** Models that forecast this asset, newest first. */
  models: Array<Model>;
  /** Ticker of the base currency, e.g. `BTC`. */
  symbol: Scalars['String']['output'];
};

/** Bar length of candles and models. */
export type CandleInterval =
  /** One day. */
  | 'D1'
  /** One hour. */
  | 'H1'
  /** Four hours. */
  | 'H4'
  /** One minute. */
  | 'M1'
  /** Five minutes. */
  | 'M5'
  /** Fifteen minutes. */
  | 'M15';

/** A new model. */
export type CreateModelInput = {
  /** How to forecast. */
  algorithm: ModelAlgorithm;
  /** Bars ahead, 1 to 500. */
  horizon: Scalars['Int']['input'];
  /** Bar length. */
  interval: CandleInterval;
  /** Display name, 1 to 100 characters, unique per owner. */
  name: Scalars['String']['input'];
  /** Algorithm parameters (see each algorithm); omitted ones take their defaults. */
  params?: InputMaybe<Scalars['JSON']['input']>;
  /** Ticker of a tracked asset. */
  symbol: Scalars['String']['input'];
  /** What to forecast. */
  target: ModelTarget;
};

/** A forecasting model of one asset and target. */
export type Model = {
  __typename?: 'Model';
  /** How it forecasts. */
  algorithm: ModelAlgorithm;
  /** The asset it forecasts. */
  asset: Asset;
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** How many bars ahead it forecasts. */
  horizon: Scalars['Int']['output'];
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** Bar length it works on. */
  interval: CandleInterval;
  /** Display name, unique per owner. */
  name: Scalars['String']['output'];
  /** Who created it. */
  owner: User;
  /** Algorithm parameters. */
  params: Scalars['JSON']['output'];
  /** What it forecasts. */
  target: ModelTarget;
};

/** How a model forecasts. */
export type ModelAlgorithm =
  /** RiskMetrics exponentially weighted volatility (λ = 0.94). */
  | 'EWMA'
  /** Heterogeneous autoregressive model of realized volatility (Corsi 2009). */
  | 'HAR'
  /** Standard deviation of the last `window` log returns (default 50). */
  | 'NAIVE'
  /** Ridge regression on lagged return and volatility features. */
  | 'RIDGE';

/** A page of models. */
export type ModelConnection = {
  __typename?: 'ModelConnection';
  /** The models of this page. */
  edges: Array<ModelEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
};

/** A model and its cursor. */
export type ModelEdge = {
  __typename?: 'ModelEdge';
  /** Opaque position of this model in the list. */
  cursor: Scalars['String']['output'];
  /** The model. */
  node: Model;
};

/** What a model forecasts. */
export type ModelTarget =
  /** Log return from the close of bar t to the close of bar t + `horizon`. */
  | 'RETURN'
  /** Per-bar Parkinson volatility of the log price over the next `horizon` bars. */
  | 'VOLATILITY';

export type Mutation = {
  __typename?: 'Mutation';
  /** Registers a model (analysts and admins). */
  createModel: Model;
};


export type MutationCreateModelArgs = {
  input: CreateModelInput;
};

/** Pagination state of a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor of the last edge; pass it as `after` for the next page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** True when more items follow the last edge. */
  hasNextPage: Scalars['Boolean']['output'];
  /** True when items precede the first edge. */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** Cursor of the first edge. */
  startCursor: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** One model by id. */
  model: Maybe<Model>;
  /** Models, newest first, optionally of one asset and target. */
  models: ModelConnection;
};


export type QueryModelArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  symbol?: InputMaybe<Scalars['String']['input']>;
  target?: InputMaybe<ModelTarget>;
};

/** A user, as seen by the predictions service. */
export type User = {
  __typename?: 'User';
  /** Stable identifier. */
  id: Scalars['ID']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Asset: Asset;
  Model: Model;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Asset:
    ( { __typename: 'Asset' }
    & GraphQLRecursivePick<FederationTypes['Asset'], {"symbol":true}> );
  Model:
    ( { __typename: 'Model' }
    & GraphQLRecursivePick<FederationTypes['Model'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Asset: ResolverTypeWrapper<AssetReference>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CandleInterval: CandleInterval;
  CreateModelInput: CreateModelInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Model: ResolverTypeWrapper<ModelRow>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ModelAlgorithm: ModelAlgorithm;
  ModelConnection: ResolverTypeWrapper<Omit<ModelConnection, 'edges'> & { edges: Array<ResolversTypes['ModelEdge']> }>;
  ModelEdge: ResolverTypeWrapper<Omit<ModelEdge, 'node'> & { node: ResolversTypes['Model'] }>;
  ModelTarget: ModelTarget;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<User>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Asset: AssetReference;
  String: Scalars['String']['output'];
  CreateModelInput: CreateModelInput;
  Int: Scalars['Int']['output'];
  DateTime: Scalars['DateTime']['output'];
  JSON: Scalars['JSON']['output'];
  Model: ModelRow;
  ID: Scalars['ID']['output'];
  ModelConnection: Omit<ModelConnection, 'edges'> & { edges: Array<ResolversParentTypes['ModelEdge']> };
  ModelEdge: Omit<ModelEdge, 'node'> & { node: ResolversParentTypes['Model'] };
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  User: User;
}>;

export type AssetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Asset'] = ResolversParentTypes['Asset'], FederationReferenceType extends FederationReferenceTypes['Asset'] = FederationReferenceTypes['Asset']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Asset']> | FederationReferenceType, FederationReferenceType, ContextType>;
  models?: Resolver<Array<ResolversTypes['Model']>, ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type ModelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model'], FederationReferenceType extends FederationReferenceTypes['Model'] = FederationReferenceTypes['Model']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Model']> | FederationReferenceType, FederationReferenceType, ContextType>;
  algorithm?: Resolver<ResolversTypes['ModelAlgorithm'], ParentType, ContextType>;
  asset?: Resolver<ResolversTypes['Asset'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  horizon?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['CandleInterval'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  params?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['ModelTarget'], ParentType, ContextType>;
}>;

export type ModelConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelConnection'] = ResolversParentTypes['ModelConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ModelEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ModelEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelEdge'] = ResolversParentTypes['ModelEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createModel?: Resolver<ResolversTypes['Model'], ParentType, ContextType, RequireFields<MutationCreateModelArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<QueryModelArgs, 'id'>>;
  models?: Resolver<ResolversTypes['ModelConnection'], ParentType, ContextType, RequireFields<QueryModelsArgs, 'first'>>;
}>;

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Asset?: AssetResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  JSON?: GraphQLScalarType;
  Model?: ModelResolvers<ContextType>;
  ModelConnection?: ModelConnectionResolvers<ContextType>;
  ModelEdge?: ModelEdgeResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

