import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { AssetRow } from '../assets/asset.table.js';
import type { LatestPrice } from '../prices/price-tick.js';
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
  _FieldSet: { input: unknown; output: unknown; }
};

/** A tradable crypto asset, priced in its quote currency. */
export type Asset = AssetListing & {
  __typename?: 'Asset';
  /** False once removed from the tracked assets; history is kept. */
  active: Scalars['Boolean']['output'];
  /** OHLCV candles of this asset; same rules as `Query.candles`. API keys need `read:market`, also when the asset is reached from another service (e.g. a prediction's asset). */
  candles: Array<Candle>;
  /** The latest price seen by the feed (live, replay or simulated), or null before the first one. API keys need `read:market`, also when the asset is reached from another service (e.g. a prediction's asset). */
  latestPrice: Maybe<PriceTick>;
  /** Human-readable name, e.g. `Bitcoin`. */
  name: Scalars['String']['output'];
  /** Quote currency prices are in, e.g. `USD`. */
  quote: Scalars['String']['output'];
  /** Ticker of the base currency, e.g. `BTC`. */
  symbol: Scalars['String']['output'];
};


/** A tradable crypto asset, priced in its quote currency. */
export type AssetCandlesArgs = {
  from?: InputMaybe<Scalars['DateTime']['input']>;
  interval: CandleInterval;
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A page of assets. */
export type AssetConnection = {
  __typename?: 'AssetConnection';
  /** The assets of this page. */
  edges: Array<AssetEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
};

/** An asset and its cursor. */
export type AssetEdge = {
  __typename?: 'AssetEdge';
  /** Opaque position of this asset in the list. */
  cursor: Scalars['String']['output'];
  /** The asset. */
  node: Asset;
};

/** A crypto asset as a ticker, a name and the currency it is priced in: tracked (`Asset`) or offered by the market data provider (`ProviderAsset`). */
export type AssetListing = {
  /** Human-readable name, e.g. `Bitcoin`. */
  name: Scalars['String']['output'];
  /** Quote currency prices are in, e.g. `USD`. */
  quote: Scalars['String']['output'];
  /** Ticker of the base currency, e.g. `BTC`. */
  symbol: Scalars['String']['output'];
};

/** One OHLCV bar. Prices are in the asset's quote currency. */
export type Candle = {
  __typename?: 'Candle';
  /** Price at the end of the bar: the close of its last native bar. */
  close: Scalars['Float']['output'];
  /** Highest price during the bar. */
  high: Scalars['Float']['output'];
  /** Lowest price during the bar. */
  low: Scalars['Float']['output'];
  /** Price at the start of the bar: the open of its first native bar. */
  open: Scalars['Float']['output'];
  /** True when any bar in it was invented by the simulated market (the offline feed's continuation past the real data). */
  simulated: Scalars['Boolean']['output'];
  /** Start of the bar (bucket start, UTC). */
  ts: Scalars['DateTime']['output'];
  /** Traded volume summed over the bar: base asset for intraday data and for days rolled up from minutes, quote currency (USD) for the shipped daily history. */
  volume: Scalars['Float']['output'];
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

/** What the market feed is doing: where prices come from now, and the feed's clock. */
export type MarketFeed = {
  __typename?: 'MarketFeed';
  /** Wall-clock seconds since the feed's clock last moved (how stale the newest price is); null when off. */
  lagSeconds: Maybe<Scalars['Float']['output']>;
  /** `live` (exchange), `replay` (real stored data played back), `simulated` (invented continuation) or `off`. */
  mode: Scalars['String']['output'];
  /** Source of the prices the feed publishes now; null when the feed is off. */
  source: Maybe<PriceSource>;
  /** Feed seconds per wall-clock second (60 = a minute of data per second; 1 when live); null at maximum speed or when off. */
  speed: Maybe<Scalars['Float']['output']>;
  /** Tickers the feed publishes prices for. */
  symbols: Array<Scalars['String']['output']>;
  /** The feed's clock: the time of its newest tick. Predictions are scheduled in this time. */
  time: Maybe<Scalars['DateTime']['output']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Starts tracking an asset of the provider catalog (ANALYST or ADMIN; API keys need `write:market`); re-adding a removed asset reactivates it. NOT_FOUND when the provider does not offer it. */
  addAsset: Asset;
  /** Stops tracking an asset (ADMIN; API keys need `write:market`): it is deactivated, its history is kept. True when it was active, false when it was already removed. NOT_FOUND for an unknown symbol. */
  removeAsset: Scalars['Boolean']['output'];
};


export type MutationAddAssetArgs = {
  symbol: Scalars['String']['input'];
};


export type MutationRemoveAssetArgs = {
  symbol: Scalars['String']['input'];
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

/** Where a price comes from. */
export type PriceSource =
  /** The live exchange feed. */
  | 'LIVE'
  /** Real stored market data played back as a live feed. */
  | 'REPLAY'
  /** The simulated market that continues past the real data when the exchange cannot be reached; invented, not real. */
  | 'SIMULATED';

/** The latest known price of an asset. */
export type PriceTick = {
  __typename?: 'PriceTick';
  /** The asset the price belongs to. */
  asset: Asset;
  /** Last traded price in the asset's quote currency. */
  price: Scalars['Float']['output'];
  /** Where the price came from: the live exchange, a replay of real data, or the simulated market. */
  source: PriceSource;
  /** Ticker of the asset, e.g. `BTC`. */
  symbol: Scalars['String']['output'];
  /** When the price was observed, in feed time (in replay and simulation, the bar's start). */
  ts: Scalars['DateTime']['output'];
};

/** An asset the market data provider offers: what `addAsset` accepts. */
export type ProviderAsset = AssetListing & {
  __typename?: 'ProviderAsset';
  /** Human-readable name, e.g. `Bitcoin`. */
  name: Scalars['String']['output'];
  /** Quote currency prices are in, e.g. `USD`. */
  quote: Scalars['String']['output'];
  /** Ticker of the base currency, e.g. `BTC`. */
  symbol: Scalars['String']['output'];
  /** True when the asset is currently tracked (active). */
  tracked: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** One asset by symbol (case-insensitive), or null when it is not tracked. Signed-in callers; API keys need `read:market`. */
  asset: Maybe<Asset>;
  /** Tracked assets in symbol order. Signed-in callers; API keys need `read:market`. */
  assets: AssetConnection;
  /**
   * OHLCV candles of an asset, oldest first, aggregated in SQL into UTC buckets: first open, highest
   * high, lowest low, last close, summed volume; `ts` is the bucket start; `simulated` when any bar in
   * it was invented by the simulated market. Intraday intervals (M1 to H4) are built from stored
   * 1-minute bars only. `D1` is built from the stored daily bars up to the newest one and, after it,
   * from the 1-minute bars rolled up into UTC days (the live and simulated windows), so the daily
   * history and the live window form one timeline; days are never split into minutes. Buckets
   * without any native bar are left out, never filled. Only native bars starting in [`from`, `to`)
   * are aggregated: buckets start at `from` rounded down to the interval (so plain intervals line up
   * with UTC minutes, hours and days) and the last bucket is cut at `to`. Without `from`/`to` the
   * last 1000 intervals up to the newest stored bar are returned; without `maxPoints` a range may
   * span at most 10000 intervals. Times must lie between 2009-01-03 and a year past the current time
   * or the feed's clock, whichever is later. NOT_FOUND for an unknown symbol; BAD_USER_INPUT (with
   * `extensions.field`) for a malformed time, an inverted or out-of-bounds range or a `maxPoints`
   * outside 1 to 10000. Signed-in callers; API keys need `read:market`.
   */
  candles: Array<Candle>;
  /** The latest price of an asset from the live cache, or null before the first tick. NOT_FOUND for an unknown symbol. Signed-in callers; API keys need `read:market`. */
  latestPrice: Maybe<PriceTick>;
  /** What the market feed is doing now: live exchange data, a replay, the simulated market or off, with its clock. Signed-in callers; API keys need `read:market`. */
  marketFeed: MarketFeed;
  /** The provider catalog: every asset whose market data ships with Cryptograph and can be added. Signed-in callers; API keys need `read:market`. */
  providerAssets: Array<ProviderAsset>;
};


export type QueryAssetArgs = {
  symbol: Scalars['String']['input'];
};


export type QueryAssetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};


export type QueryCandlesArgs = {
  from?: InputMaybe<Scalars['DateTime']['input']>;
  interval: CandleInterval;
  maxPoints?: InputMaybe<Scalars['Int']['input']>;
  symbol: Scalars['String']['input'];
  to?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryLatestPriceArgs = {
  symbol: Scalars['String']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Price ticks of the given assets as the feed (live, replay or simulated) produces them. Latest wins: a
   * slow client receives only the newest tick per symbol. NOT_FOUND for an unknown symbol,
   * BAD_USER_INPUT for an empty list or more than 50 symbols. Signed-in callers; API keys need
   * `read:market`.
   */
  priceUpdated: PriceTick;
};


export type SubscriptionPriceUpdatedArgs = {
  symbols: Array<Scalars['String']['input']>;
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
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Asset:
    ( { __typename: 'Asset' }
    & GraphQLRecursivePick<FederationTypes['Asset'], {"symbol":true}> );
}>;


/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  AssetListing:
    | ( AssetRow )
    | ( ProviderAsset )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Asset: ResolverTypeWrapper<AssetRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  AssetConnection: ResolverTypeWrapper<Omit<AssetConnection, 'edges'> & { edges: Array<ResolversTypes['AssetEdge']> }>;
  AssetEdge: ResolverTypeWrapper<Omit<AssetEdge, 'node'> & { node: ResolversTypes['Asset'] }>;
  AssetListing: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['AssetListing']>;
  Candle: ResolverTypeWrapper<Candle>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  CandleInterval: CandleInterval;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  MarketFeed: ResolverTypeWrapper<MarketFeed>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PriceSource: PriceSource;
  PriceTick: ResolverTypeWrapper<LatestPrice>;
  ProviderAsset: ResolverTypeWrapper<ProviderAsset>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Asset: AssetRow;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  AssetConnection: Omit<AssetConnection, 'edges'> & { edges: Array<ResolversParentTypes['AssetEdge']> };
  AssetEdge: Omit<AssetEdge, 'node'> & { node: ResolversParentTypes['Asset'] };
  AssetListing: ResolversInterfaceTypes<ResolversParentTypes>['AssetListing'];
  Candle: Candle;
  Float: Scalars['Float']['output'];
  DateTime: Scalars['DateTime']['output'];
  MarketFeed: MarketFeed;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PriceTick: LatestPrice;
  ProviderAsset: ProviderAsset;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
}>;

export type AssetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Asset'] = ResolversParentTypes['Asset'], FederationReferenceType extends FederationReferenceTypes['Asset'] = FederationReferenceTypes['Asset']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Asset']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  candles?: Resolver<Array<ResolversTypes['Candle']>, ParentType, ContextType, RequireFields<AssetCandlesArgs, 'interval'>>;
  latestPrice?: Resolver<Maybe<ResolversTypes['PriceTick']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quote?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AssetConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AssetConnection'] = ResolversParentTypes['AssetConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AssetEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type AssetEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AssetEdge'] = ResolversParentTypes['AssetEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Asset'], ParentType, ContextType>;
}>;

export type AssetListingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AssetListing'] = ResolversParentTypes['AssetListing']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Asset' | 'ProviderAsset', ParentType, ContextType>;
}>;

export type CandleResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Candle'] = ResolversParentTypes['Candle']> = ResolversObject<{
  close?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  high?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  open?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  simulated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  ts?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  volume?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MarketFeedResolvers<ContextType = Context, ParentType extends ResolversParentTypes['MarketFeed'] = ResolversParentTypes['MarketFeed']> = ResolversObject<{
  lagSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['PriceSource']>, ParentType, ContextType>;
  speed?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  symbols?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  time?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  addAsset?: Resolver<ResolversTypes['Asset'], ParentType, ContextType, RequireFields<MutationAddAssetArgs, 'symbol'>>;
  removeAsset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRemoveAssetArgs, 'symbol'>>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PriceTickResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PriceTick'] = ResolversParentTypes['PriceTick']> = ResolversObject<{
  asset?: Resolver<ResolversTypes['Asset'], ParentType, ContextType>;
  price?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['PriceSource'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ts?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type ProviderAssetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProviderAsset'] = ResolversParentTypes['ProviderAsset']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quote?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tracked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  asset?: Resolver<Maybe<ResolversTypes['Asset']>, ParentType, ContextType, RequireFields<QueryAssetArgs, 'symbol'>>;
  assets?: Resolver<ResolversTypes['AssetConnection'], ParentType, ContextType, RequireFields<QueryAssetsArgs, 'first'>>;
  candles?: Resolver<Array<ResolversTypes['Candle']>, ParentType, ContextType, RequireFields<QueryCandlesArgs, 'interval' | 'symbol'>>;
  latestPrice?: Resolver<Maybe<ResolversTypes['PriceTick']>, ParentType, ContextType, RequireFields<QueryLatestPriceArgs, 'symbol'>>;
  marketFeed?: Resolver<ResolversTypes['MarketFeed'], ParentType, ContextType>;
  providerAssets?: Resolver<Array<ResolversTypes['ProviderAsset']>, ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  priceUpdated?: SubscriptionResolver<ResolversTypes['PriceTick'], "priceUpdated", ParentType, ContextType, RequireFields<SubscriptionPriceUpdatedArgs, 'symbols'>>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Asset?: AssetResolvers<ContextType>;
  AssetConnection?: AssetConnectionResolvers<ContextType>;
  AssetEdge?: AssetEdgeResolvers<ContextType>;
  AssetListing?: AssetListingResolvers<ContextType>;
  Candle?: CandleResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  MarketFeed?: MarketFeedResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PriceTick?: PriceTickResolvers<ContextType>;
  ProviderAsset?: ProviderAssetResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
}>;

