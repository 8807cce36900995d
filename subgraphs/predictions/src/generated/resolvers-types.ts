import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ModelRow } from '../models/model.table.js';
import type { AssetReference } from '../models/asset-reference.js';
import type { ModelVersionRow, PromotionRow } from '../versions/model-version.table.js';
import type { VersionMetrics } from '../forecasting/metrics.js';
import type { JobSnapshot } from '../jobs/job.table.js';
import type { PredictionRow } from '../predictions/prediction.table.js';
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
  /** The newest prediction for this asset and target, or null when there is none. Signed-in callers; API keys need `read:predictions`. */
  latestPrediction: Maybe<Prediction>;
  /** Models that forecast this asset, newest first. Signed-in callers; API keys need `read:predictions`. */
  models: Array<Model>;
  /** Ticker of the base currency, e.g. `BTC`. */
  symbol: Scalars['String']['output'];
};


/** An asset, extended with its models. */
export type AssetLatestPredictionArgs = {
  target: ModelTarget;
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
  /** Algorithm and evaluation parameters (see `Model.params`); omitted ones take their defaults. */
  params?: InputMaybe<Scalars['JSON']['input']>;
  /** Ticker of a tracked asset. */
  symbol: Scalars['String']['input'];
  /** What to forecast. */
  target: ModelTarget;
};

/** A background job (training, scoring, predicting) on the durable queue. */
export type Job = {
  __typename?: 'Job';
  /** Attempts started so far. */
  attempts: Scalars['Int']['output'];
  /** When it was enqueued. */
  createdAt: Scalars['DateTime']['output'];
  /** Why it failed (or why the last attempt failed while it is retried). */
  error: Maybe<Scalars['String']['output']>;
  /** When it succeeded or failed. */
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** What it does. */
  kind: JobKind;
  /** The current step, e.g. `loading candles`. */
  message: Maybe<Scalars['String']['output']>;
  /** The model it works on. */
  model: Model;
  /** Progress from 0 to 1. */
  progress: Scalars['Float']['output'];
  /** What it produced: `{ versionId }`, `{ metrics }` or `{ predictionId }`. */
  result: Maybe<Scalars['JSON']['output']>;
  /** When it last started running. */
  startedAt: Maybe<Scalars['DateTime']['output']>;
  /** Where it stands. */
  status: JobStatus;
};

/** What a job does. */
export type JobKind =
  /** Makes a prediction with the model's production (or latest) version. */
  | 'PREDICT'
  /** Evaluates a version on a later window. */
  | 'SCORE'
  /** Fits a new model version on a training window. */
  | 'TRAIN';

/** Where a job stands. */
export type JobStatus =
  /** Gave up; `error` says why. The registry is unchanged. */
  | 'FAILED'
  /** Waiting for a worker (also between retries). */
  | 'QUEUED'
  /** A worker is running it. */
  | 'RUNNING'
  /** Finished; `result` holds what it produced. */
  | 'SUCCEEDED';

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
  /** True for the default models the system creates and keeps for every asset. */
  isDefault: Scalars['Boolean']['output'];
  /** The newest trained version, or null before the first training. */
  latestVersion: Maybe<ModelVersion>;
  /** Display name, unique per owner. */
  name: Scalars['String']['output'];
  /** Who created it (the built-in `system` user for default models). */
  owner: User;
  /**
   * Algorithm parameters, and the evaluation params every model has (in bars of its interval):
   * `refitEvery` (walk-forward refit cadence), `validationBars`, `testBars`, `retrainEvery` (scheduled
   * retraining of a PRODUCTION model, in feed time).
   */
  params: Scalars['JSON']['output'];
  /** The version in PRODUCTION, or null when none is. */
  productionVersion: Maybe<ModelVersion>;
  /** What it forecasts. */
  target: ModelTarget;
  /** Trained versions, newest first. */
  versions: Array<ModelVersion>;
};


/** A forecasting model of one asset and target. */
export type ModelVersionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** How a model forecasts. */
export type ModelAlgorithm =
  /** Equal-weight forecast combination of HAR and LOG_HAR with the same params (default quarterly 66 and calendar on). Volatility only. */
  | 'COMBINED'
  /** RiskMetrics exponentially weighted volatility (λ = 0.94). */
  | 'EWMA'
  /**
   * Heterogeneous autoregressive model (Corsi 2009): least squares of the target on its averages over
   * the last `short`, `medium` and `long` bars (default 1, 5, 22), optionally a quarterly average
   * (`quarter`, e.g. 66) and calendar effects (`calendar`: Saturday, Sunday and Monday for D1, the UTC
   * hour intraday).
   */
  | 'HAR'
  /** HAR on the log of Parkinson volatility, forecast as exp with Duan's smearing bias correction; same params as HAR. Volatility only. */
  | 'LOG_HAR'
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

/**
 * Out-of-sample quality of a version. Mean squared / absolute errors are in the target's units;
 * `skill = 1 − mseTest / baselineMseTest` on the same samples, where the baseline is NAIVE(50) for
 * VOLATILITY and 0 for RETURN. A training run is a walk-forward: an expanding window refitted every
 * `refitEvery` bars forecasts each bar of the validation window (used to select and promote) and of
 * the test window after it (reported, never used to choose), each from data before it. A scoring run
 * fills the test fields for its window.
 */
export type ModelMetrics = {
  __typename?: 'ModelMetrics';
  /** Mean squared error of the baseline on the same test samples. */
  baselineMseTest: Scalars['Float']['output'];
  /** Mean squared error of the baseline on the validation window. */
  baselineMseValidation: Maybe<Scalars['Float']['output']>;
  /** Bar time of the first test sample. */
  evalFrom: Scalars['DateTime']['output'];
  /** End of the evaluation window (exclusive). */
  evalTo: Scalars['DateTime']['output'];
  /** Mean absolute error on the test samples. */
  maeTest: Scalars['Float']['output'];
  /** Mean squared error on the test samples. */
  mseTest: Scalars['Float']['output'];
  /** Mean squared error on the fitted samples (null for a scoring run). */
  mseTrain: Maybe<Scalars['Float']['output']>;
  /** Mean squared error on the validation window (null for a scoring run or an empty window). */
  mseValidation: Maybe<Scalars['Float']['output']>;
  /** R² on the test samples. */
  r2Test: Scalars['Float']['output'];
  /** R² on the fitted samples (null for a scoring run). */
  r2Train: Maybe<Scalars['Float']['output']>;
  /** Fits the walk-forward made. */
  refits: Maybe<Scalars['Int']['output']>;
  /** 1 − mseTest / baselineMseTest; positive beats the baseline; null when the baseline is perfect. */
  skill: Maybe<Scalars['Float']['output']>;
  /** 1 − mseValidation / baselineMseValidation. */
  skillValidation: Maybe<Scalars['Float']['output']>;
  /** Number of test samples. */
  testSamples: Scalars['Int']['output'];
  /** Number of fitted samples (0 for a scoring run). */
  trainSamples: Scalars['Int']['output'];
  /** Start of the validation window (bar times, inclusive). */
  validationFrom: Maybe<Scalars['DateTime']['output']>;
  /** Forecasts in the validation window. */
  validationSamples: Maybe<Scalars['Int']['output']>;
  /** End of the validation window (exclusive). */
  validationTo: Maybe<Scalars['DateTime']['output']>;
};

/** Lifecycle stage of a model version. At most one version per model is in PRODUCTION. */
export type ModelStage =
  /** Retired; kept for the record. */
  | 'ARCHIVED'
  /** Freshly trained; not used for scheduled predictions. */
  | 'DEVELOPMENT'
  /** The version that makes the model's scheduled predictions. */
  | 'PRODUCTION'
  /** Being validated before production. */
  | 'STAGING';

/** What a model forecasts. */
export type ModelTarget =
  /** Log return from the close of bar t to the close of bar t + `horizon`. */
  | 'RETURN'
  /** Per-bar Parkinson volatility of the log price over the next `horizon` bars. */
  | 'VOLATILITY';

/** An immutable trained version of a model. */
export type ModelVersion = {
  __typename?: 'ModelVersion';
  /** SHA-256 fingerprint of the candles it was trained on. */
  dataFingerprint: Scalars['String']['output'];
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** Walk-forward metrics of the training run: validation and test windows, every forecast out of sample. */
  metrics: Maybe<ModelMetrics>;
  /** The model it belongs to. */
  model: Model;
  /** The parameters it was trained with, defaults filled in. */
  params: Scalars['JSON']['output'];
  /** Every stage change, manual or automatic, with its evidence, oldest first. */
  promotions: Array<Promotion>;
  /** Lifecycle stage (the only thing about a version that changes). */
  stage: ModelStage;
  /** Who moved it between stages, and when, oldest first (the same changes as `promotions`). */
  stageHistory: Array<StageChange>;
  /** Start of the training window (inclusive). */
  trainFrom: Scalars['DateTime']['output'];
  /** End of the training window (exclusive). */
  trainTo: Scalars['DateTime']['output'];
  /** When training finished. */
  trainedAt: Scalars['DateTime']['output'];
  /** What started its training. */
  trigger: TrainingTrigger;
  /** 1, 2, 3… per model. */
  version: Scalars['Int']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Registers a model (analysts and admins; API keys need `write:models`). */
  createModel: Model;
  /**
   * Moves a version to a stage (analysts and admins; API keys need `write:models`); promoting to PRODUCTION archives the model's
   * previous production version. Recorded as a promotion by the caller. NOT_FOUND for an unknown version.
   */
  promoteModelVersion: ModelVersion;
  /**
   * Restores the model's previous PRODUCTION version (analysts and admins; API keys need `write:models`): the current one goes to
   * ARCHIVED and the version that was in PRODUCTION before it comes back, both recorded as promotions
   * by the caller. NOT_FOUND for an unknown model; CONFLICT when it has no PRODUCTION version or none
   * before it.
   */
  rollbackModel: ModelVersion;
  /** Enqueues a prediction at the latest complete bar with the production version, else the latest version (analysts and admins; API keys need `write:models`). */
  runPredictions: Job;
  /** Enqueues scoring of a version on [from, to), which must start at or after its training window's end (analysts and admins; API keys need `write:models`). */
  scoreModel: Job;
  /**
   * Enqueues training of a new version on [trainFrom, trainTo) (analysts and admins; API keys need `write:models`). NOT_FOUND for an
   * unknown model; BAD_USER_INPUT for an inverted window or one with too little data (the message
   * says how much is needed).
   */
  trainModel: Job;
};


export type MutationCreateModelArgs = {
  input: CreateModelInput;
};


export type MutationPromoteModelVersionArgs = {
  stage: ModelStage;
  versionId: Scalars['ID']['input'];
};


export type MutationRollbackModelArgs = {
  modelId: Scalars['ID']['input'];
};


export type MutationRunPredictionsArgs = {
  modelId: Scalars['ID']['input'];
};


export type MutationScoreModelArgs = {
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
  versionId: Scalars['ID']['input'];
};


export type MutationTrainModelArgs = {
  modelId: Scalars['ID']['input'];
  trainFrom: Scalars['DateTime']['input'];
  trainTo: Scalars['DateTime']['input'];
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

/** A forecast of one model version for one bar. */
export type Prediction = {
  __typename?: 'Prediction';
  /** The asset forecast. */
  asset: Asset;
  /** When it was made. */
  createdAt: Scalars['DateTime']['output'];
  /** realized − value once known, else null. */
  error: Maybe<Scalars['Float']['output']>;
  /** Event id: increasing in creation order; pass it as `after` to resume `predictionCreated`. */
  id: Scalars['ID']['output'];
  /** The model that made it. */
  model: Model;
  /** The version that made it. */
  modelVersion: ModelVersion;
  /** The realized value once the target time's data arrived, else null. */
  realized: Maybe<Scalars['Float']['output']>;
  /**
   * True when bars this forecast was made from were replaced after it was made (real data replacing
   * simulated bars); the value stays as it was forecast, `realized` is recomputed from the new bars.
   */
  restated: Scalars['Boolean']['output'];
  /** Whether the outcome is known. */
  status: PredictionStatus;
  /** What is forecast (see `ModelTarget`). */
  target: ModelTarget;
  /** Start of the last bar the forecast covers (ts + horizon bars). */
  targetTs: Scalars['DateTime']['output'];
  /** Start of the bar at whose close the forecast was made. */
  ts: Scalars['DateTime']['output'];
  /** The forecast value. */
  value: Scalars['Float']['output'];
};

/** A page of predictions. */
export type PredictionConnection = {
  __typename?: 'PredictionConnection';
  /** The predictions of this page. */
  edges: Array<PredictionEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
};

/** A prediction and its cursor. */
export type PredictionEdge = {
  __typename?: 'PredictionEdge';
  /** Opaque position of this prediction in the list. */
  cursor: Scalars['String']['output'];
  /** The prediction. */
  node: Prediction;
};

/** Whether a prediction's outcome is known. */
export type PredictionStatus =
  /** The target time's data has not arrived yet. */
  | 'PENDING'
  /** The outcome arrived: `realized` and `error` are set. */
  | 'REALIZED'
  /** The horizon passed without the data needed to know the outcome. */
  | 'STALE';

/**
 * A stage change of a version with its evidence. Automatic changes are made by the system (`by` is
 * null): a first default version goes to PRODUCTION; a scheduled challenger goes to PRODUCTION when it
 * beats the champion on the latest validation window (see `Mutation.rollbackModel` to undo), else to
 * STAGING; a superseded challenger is ARCHIVED.
 */
export type Promotion = {
  __typename?: 'Promotion';
  /** When. */
  at: Scalars['DateTime']['output'];
  /** True when the system made the change. */
  automatic: Scalars['Boolean']['output'];
  /** Who made the change; null for the system. */
  by: Maybe<User>;
  /** Validation skill of this version (the challenger) on the same forecasts. */
  challengerSkill: Maybe<Scalars['Float']['output']>;
  /** Validation skill of the PRODUCTION champion on the comparison window. */
  championSkill: Maybe<Scalars['Float']['output']>;
  /** Start of the comparison window (bar times, inclusive). */
  evalFrom: Maybe<Scalars['DateTime']['output']>;
  /** End of the comparison window (exclusive). */
  evalTo: Maybe<Scalars['DateTime']['output']>;
  /** The stage it came from (null for the first entry, when it was trained). */
  fromStage: Maybe<ModelStage>;
  /** Why, in words (for automatic changes: the comparison and its window). */
  reason: Scalars['String']['output'];
  /** The stage the version moved to. */
  stage: ModelStage;
};

export type Query = {
  __typename?: 'Query';
  /**
   * The model to trust for an asset, target, interval and horizon (errors of other bar lengths or
   * horizons are not comparable). Candidates are the asset's models with that target, interval and
   * horizon, each represented by its PRODUCTION version, else its newest version. Each candidate's
   * evaluation windows are its training run's validation window (never its test window) and the
   * windows of its `scoreModel` runs. The winner has the lowest mean squared error on the newest window
   * (latest end, then latest start) that every candidate was evaluated on; so a later `scoreModel`
   * window takes precedence over older training windows. When no window is shared by all, the
   * newest window shared by the most candidates decides among those. Null when no candidate has an
   * evaluation. Signed-in callers; API keys need `read:predictions`.
   */
  bestModel: Maybe<Model>;
  /** One job by id, or null. Signed-in callers; API keys need `read:predictions`. */
  job: Maybe<Job>;
  /** The newest prediction of an asset and target, or null. Signed-in callers; API keys need `read:predictions`. */
  latestPrediction: Maybe<Prediction>;
  /** One model by id. Signed-in callers; API keys need `read:predictions`. */
  model: Maybe<Model>;
  /** The latest evaluation of a version: its newest scoring run, else its training metrics. Signed-in callers; API keys need `read:predictions`. */
  modelEvaluation: Maybe<ModelMetrics>;
  /** Models, newest first, optionally of one asset and target. Signed-in callers; API keys need `read:predictions`. */
  models: ModelConnection;
  /** Predictions newest first, optionally of one asset or model and a bar-time range. Signed-in callers; API keys need `read:predictions`. */
  predictions: PredictionConnection;
};


export type QueryBestModelArgs = {
  horizon?: InputMaybe<Scalars['Int']['input']>;
  interval?: InputMaybe<CandleInterval>;
  symbol: Scalars['String']['input'];
  target: ModelTarget;
};


export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryLatestPredictionArgs = {
  symbol: Scalars['String']['input'];
  target: ModelTarget;
};


export type QueryModelArgs = {
  id: Scalars['ID']['input'];
};


export type QueryModelEvaluationArgs = {
  versionId: Scalars['ID']['input'];
};


export type QueryModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  stage?: InputMaybe<ModelStage>;
  symbol?: InputMaybe<Scalars['String']['input']>;
  target?: InputMaybe<ModelTarget>;
};


export type QueryPredictionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from?: InputMaybe<Scalars['DateTime']['input']>;
  modelId?: InputMaybe<Scalars['ID']['input']>;
  symbol?: InputMaybe<Scalars['String']['input']>;
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** An audited stage change of a model version. */
export type StageChange = {
  __typename?: 'StageChange';
  /** When. */
  changedAt: Scalars['DateTime']['output'];
  /** Who made the change; the system for automatic archiving. */
  changedBy: Maybe<User>;
  /** Stage before the change (null for the initial DEVELOPMENT). */
  from: Maybe<ModelStage>;
  /** Stage after the change. */
  to: ModelStage;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The job's current state at once, then every state change and progress step, ending after it finished. Signed-in callers; API keys need `read:predictions`. */
  jobUpdated: Job;
  /**
   * New predictions, optionally only of some assets or one model. Pass the last id you saw as `after`
   * to first receive, from the database, every prediction you missed, then live ones: no gaps, no
   * duplicates, also across a server-side Redis reconnect. Signed-in callers; API keys need
   * `read:predictions`.
   */
  predictionCreated: Prediction;
};


export type SubscriptionJobUpdatedArgs = {
  id: Scalars['ID']['input'];
};


export type SubscriptionPredictionCreatedArgs = {
  after?: InputMaybe<Scalars['ID']['input']>;
  modelId?: InputMaybe<Scalars['ID']['input']>;
  symbols?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** What started the training of a version. */
export type TrainingTrigger =
  /** The system's default models, on first start or when an asset is added. */
  | 'DEFAULT'
  /** A user asked for it (`trainModel`, the CLI). */
  | 'MANUAL'
  /** The retraining schedule of a PRODUCTION model (a challenger of the champion). */
  | 'SCHEDULED';

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
  Job: ResolverTypeWrapper<JobSnapshot>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  JobKind: JobKind;
  JobStatus: JobStatus;
  Model: ResolverTypeWrapper<ModelRow>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ModelAlgorithm: ModelAlgorithm;
  ModelConnection: ResolverTypeWrapper<Omit<ModelConnection, 'edges'> & { edges: Array<ResolversTypes['ModelEdge']> }>;
  ModelEdge: ResolverTypeWrapper<Omit<ModelEdge, 'node'> & { node: ResolversTypes['Model'] }>;
  ModelMetrics: ResolverTypeWrapper<VersionMetrics>;
  ModelStage: ModelStage;
  ModelTarget: ModelTarget;
  ModelVersion: ResolverTypeWrapper<ModelVersionRow>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Prediction: ResolverTypeWrapper<PredictionRow>;
  PredictionConnection: ResolverTypeWrapper<Omit<PredictionConnection, 'edges'> & { edges: Array<ResolversTypes['PredictionEdge']> }>;
  PredictionEdge: ResolverTypeWrapper<Omit<PredictionEdge, 'node'> & { node: ResolversTypes['Prediction'] }>;
  PredictionStatus: PredictionStatus;
  Promotion: ResolverTypeWrapper<PromotionRow>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  StageChange: ResolverTypeWrapper<PromotionRow>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TrainingTrigger: TrainingTrigger;
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
  Job: JobSnapshot;
  ID: Scalars['ID']['output'];
  Float: Scalars['Float']['output'];
  Model: ModelRow;
  Boolean: Scalars['Boolean']['output'];
  ModelConnection: Omit<ModelConnection, 'edges'> & { edges: Array<ResolversParentTypes['ModelEdge']> };
  ModelEdge: Omit<ModelEdge, 'node'> & { node: ResolversParentTypes['Model'] };
  ModelMetrics: VersionMetrics;
  ModelVersion: ModelVersionRow;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Prediction: PredictionRow;
  PredictionConnection: Omit<PredictionConnection, 'edges'> & { edges: Array<ResolversParentTypes['PredictionEdge']> };
  PredictionEdge: Omit<PredictionEdge, 'node'> & { node: ResolversParentTypes['Prediction'] };
  Promotion: PromotionRow;
  Query: Record<PropertyKey, never>;
  StageChange: PromotionRow;
  Subscription: Record<PropertyKey, never>;
  User: User;
}>;

export type AssetResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Asset'] = ResolversParentTypes['Asset'], FederationReferenceType extends FederationReferenceTypes['Asset'] = FederationReferenceTypes['Asset']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Asset']> | FederationReferenceType, FederationReferenceType, ContextType>;
  latestPrediction?: Resolver<Maybe<ResolversTypes['Prediction']>, ParentType, ContextType, RequireFields<AssetLatestPredictionArgs, 'target'>>;
  models?: Resolver<Array<ResolversTypes['Model']>, ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = ResolversObject<{
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['JobKind'], ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  result?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
}>;

export type ModelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model'], FederationReferenceType extends FederationReferenceTypes['Model'] = FederationReferenceTypes['Model']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Model']> | FederationReferenceType, FederationReferenceType, ContextType>;
  algorithm?: Resolver<ResolversTypes['ModelAlgorithm'], ParentType, ContextType>;
  asset?: Resolver<ResolversTypes['Asset'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  horizon?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['CandleInterval'], ParentType, ContextType>;
  isDefault?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  latestVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  params?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  productionVersion?: Resolver<Maybe<ResolversTypes['ModelVersion']>, ParentType, ContextType>;
  target?: Resolver<ResolversTypes['ModelTarget'], ParentType, ContextType>;
  versions?: Resolver<Array<ResolversTypes['ModelVersion']>, ParentType, ContextType, RequireFields<ModelVersionsArgs, 'first'>>;
}>;

export type ModelConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelConnection'] = ResolversParentTypes['ModelConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ModelEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ModelEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelEdge'] = ResolversParentTypes['ModelEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
}>;

export type ModelMetricsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelMetrics'] = ResolversParentTypes['ModelMetrics']> = ResolversObject<{
  baselineMseTest?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  baselineMseValidation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  evalFrom?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  evalTo?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  maeTest?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  mseTest?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  mseTrain?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mseValidation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  r2Test?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  r2Train?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  refits?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  skill?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  skillValidation?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  testSamples?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trainSamples?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  validationFrom?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  validationSamples?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  validationTo?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type ModelVersionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ModelVersion'] = ResolversParentTypes['ModelVersion']> = ResolversObject<{
  dataFingerprint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metrics?: Resolver<Maybe<ResolversTypes['ModelMetrics']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  params?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  promotions?: Resolver<Array<ResolversTypes['Promotion']>, ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['ModelStage'], ParentType, ContextType>;
  stageHistory?: Resolver<Array<ResolversTypes['StageChange']>, ParentType, ContextType>;
  trainFrom?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  trainTo?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  trainedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  trigger?: Resolver<ResolversTypes['TrainingTrigger'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createModel?: Resolver<ResolversTypes['Model'], ParentType, ContextType, RequireFields<MutationCreateModelArgs, 'input'>>;
  promoteModelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType, RequireFields<MutationPromoteModelVersionArgs, 'stage' | 'versionId'>>;
  rollbackModel?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType, RequireFields<MutationRollbackModelArgs, 'modelId'>>;
  runPredictions?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationRunPredictionsArgs, 'modelId'>>;
  scoreModel?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationScoreModelArgs, 'from' | 'to' | 'versionId'>>;
  trainModel?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationTrainModelArgs, 'modelId' | 'trainFrom' | 'trainTo'>>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type PredictionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Prediction'] = ResolversParentTypes['Prediction']> = ResolversObject<{
  asset?: Resolver<ResolversTypes['Asset'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  modelVersion?: Resolver<ResolversTypes['ModelVersion'], ParentType, ContextType>;
  realized?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  restated?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PredictionStatus'], ParentType, ContextType>;
  target?: Resolver<ResolversTypes['ModelTarget'], ParentType, ContextType>;
  targetTs?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  ts?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type PredictionConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PredictionConnection'] = ResolversParentTypes['PredictionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['PredictionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type PredictionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PredictionEdge'] = ResolversParentTypes['PredictionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Prediction'], ParentType, ContextType>;
}>;

export type PromotionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Promotion'] = ResolversParentTypes['Promotion']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  automatic?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  by?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  challengerSkill?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  championSkill?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  evalFrom?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  evalTo?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  fromStage?: Resolver<Maybe<ResolversTypes['ModelStage']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['ModelStage'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  bestModel?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<QueryBestModelArgs, 'horizon' | 'interval' | 'symbol' | 'target'>>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  latestPrediction?: Resolver<Maybe<ResolversTypes['Prediction']>, ParentType, ContextType, RequireFields<QueryLatestPredictionArgs, 'symbol' | 'target'>>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<QueryModelArgs, 'id'>>;
  modelEvaluation?: Resolver<Maybe<ResolversTypes['ModelMetrics']>, ParentType, ContextType, RequireFields<QueryModelEvaluationArgs, 'versionId'>>;
  models?: Resolver<ResolversTypes['ModelConnection'], ParentType, ContextType, RequireFields<QueryModelsArgs, 'first'>>;
  predictions?: Resolver<ResolversTypes['PredictionConnection'], ParentType, ContextType, RequireFields<QueryPredictionsArgs, 'first'>>;
}>;

export type StageChangeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['StageChange'] = ResolversParentTypes['StageChange']> = ResolversObject<{
  changedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changedBy?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  from?: Resolver<Maybe<ResolversTypes['ModelStage']>, ParentType, ContextType>;
  to?: Resolver<ResolversTypes['ModelStage'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  jobUpdated?: SubscriptionResolver<ResolversTypes['Job'], "jobUpdated", ParentType, ContextType, RequireFields<SubscriptionJobUpdatedArgs, 'id'>>;
  predictionCreated?: SubscriptionResolver<ResolversTypes['Prediction'], "predictionCreated", ParentType, ContextType, Partial<SubscriptionPredictionCreatedArgs>>;
}>;

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Asset?: AssetResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelConnection?: ModelConnectionResolvers<ContextType>;
  ModelEdge?: ModelEdgeResolvers<ContextType>;
  ModelMetrics?: ModelMetricsResolvers<ContextType>;
  ModelVersion?: ModelVersionResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Prediction?: PredictionResolvers<ContextType>;
  PredictionConnection?: PredictionConnectionResolvers<ContextType>;
  PredictionEdge?: PredictionEdgeResolvers<ContextType>;
  Promotion?: PromotionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  StageChange?: StageChangeResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

