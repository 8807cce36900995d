import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { UserRow } from '../users/user.table.js';
import type { ApiKeyRow } from '../api-keys/api-key.table.js';
import type { NewApiKey } from '../api-keys/api-key.service.js';
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

/** An API key for programs: it acts as its owner (never with more than the owner's current role) within its scopes. */
export type ApiKey = {
  __typename?: 'ApiKey';
  /** When the key was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Stable identifier; pass it to `revokeApiKey`. */
  id: Scalars['ID']['output'];
  /** When the key was last used (updated at most once a minute), or null if never. */
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  /** What the key is for, as its owner named it. */
  name: Scalars['String']['output'];
  /** Whose key it is. */
  owner: User;
  /** The public start of the key (`cgk_xxxxxxxx`), to recognise it; the secret is never shown again. */
  prefix: Scalars['String']['output'];
  /** When the key was revoked, or null while it is active. */
  revokedAt: Maybe<Scalars['DateTime']['output']>;
  /** What the key may do: `read:market`, `read:predictions`, `write:market`, `write:models`, `admin:users`. */
  scopes: Array<Scalars['String']['output']>;
};

/** Tokens returned when signing up, logging in or refreshing. */
export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** Short-lived JWT (EdDSA or ES256, keys at `/.well-known/jwks.json`) for the `Authorization: Bearer` header; refused as soon as the session ends or changes. */
  accessToken: Scalars['String']['output'];
  /** Seconds until the access token expires. */
  expiresIn: Scalars['Int']['output'];
  /** Long-lived opaque token for `refreshToken`; each use rotates it. */
  refreshToken: Scalars['String']['output'];
  /** The signed-in user. */
  user: User;
};

/** A new API key. */
export type CreateApiKeyInput = {
  /** What the key is for, 1 to 64 characters. */
  name: Scalars['String']['input'];
  /** At least one of `read:market`, `read:predictions`, `write:market` (ANALYST+), `write:models` (ANALYST+), `admin:users` (ADMIN). */
  scopes: Array<Scalars['String']['input']>;
};

/** A user created by an admin. */
export type CreateUserInput = {
  /** A valid email address, unique among users. */
  email: Scalars['String']['input'];
  /** Initial password, same rules as at sign-up. */
  password: Scalars['String']['input'];
  /** Initial role; VIEWER when omitted. */
  role?: InputMaybe<Role>;
  /** 3 to 32 characters of letters, digits, `_`, `.` or `-`; unique among users. */
  username: Scalars['String']['input'];
};

/** A newly created API key with its secret. */
export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  /** The stored key (without its secret). */
  apiKey: ApiKey;
  /** The whole key for `Authorization: ApiKey <key>` or `x-api-key`; shown this once only, store it safely. */
  key: Scalars['String']['output'];
};

/** Credentials for logging in. */
export type LoginInput = {
  /** Email address or username. */
  login: Scalars['String']['input'];
  /** The user's password. */
  password: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Creates an API key for the signed-in user (session tokens only); the secret is in the answer and never shown again. */
  createApiKey: CreatedApiKey;
  /** Creates a user with any role (admins only; API keys need `admin:users`). */
  createUser: User;
  /** Deactivates a user (admins only; API keys need `admin:users`): its access tokens, refresh tokens and API keys stop working at once. */
  deactivateUser: User;
  /** Deletes a user with its sessions and API keys for good (admins only; API keys need `admin:users`). */
  deleteUser: Scalars['Boolean']['output'];
  /** Signs in with email or username and password; attempts are rate limited per login name and per client address. */
  login: AuthPayload;
  /** Ends the session the refresh token belongs to (its refresh tokens are revoked) and makes every access token of the user issued before refuse at once (other sessions refresh theirs); true when a session was ended. */
  logout: Scalars['Boolean']['output'];
  /** Exchanges a refresh token for new tokens (the access token carries the user's current role); reusing an old refresh token revokes the whole session. A session lasts at most REFRESH_TOKEN_MAX_LIFETIME_SECONDS (30 days by default) across rotations. */
  refreshToken: AuthPayload;
  /** Revokes one of your API keys (admins: anyone's); it stops working at once on every gateway. */
  revokeApiKey: ApiKey;
  /** Changes a user's role (admins only; API keys need `admin:users`). Takes effect at once: the user's access tokens are refused until refreshed (the refresh carries the new role), and its API keys with a scope beyond the new role are revoked. */
  setUserRole: User;
  /** Creates a VIEWER account (the ADMIN with a valid setup code) and signs it in; rate limited per client address. */
  signup: AuthPayload;
  /** Changes the caller's email, username or password (a new password needs the current one, and ends every session: access tokens stop working at once, refresh tokens are revoked). A new email or username counts against the sign-up attempts of the client address (a taken one is CONFLICT). Signed-in sessions only, not API keys. */
  updateMe: User;
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationDeactivateUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteUserArgs = {
  id: Scalars['ID']['input'];
};


export type MutationLoginArgs = {
  input: LoginInput;
};


export type MutationLogoutArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRefreshTokenArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRevokeApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSetUserRoleArgs = {
  id: Scalars['ID']['input'];
  role: Role;
};


export type MutationSignupArgs = {
  input: SignupInput;
};


export type MutationUpdateMeArgs = {
  input: UpdateMeInput;
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
  /** API keys of the signed-in user (session tokens only), newest first, revoked ones included; admins may ask for another user's. */
  apiKeys: Array<ApiKey>;
  /** The signed-in user, or null for anonymous callers. Any API key. */
  me: Maybe<User>;
  /** One user by id (signed-in callers; any API key). */
  user: Maybe<User>;
  /** All users, newest first (admins only; API keys need `admin:users`). */
  users: UserConnection;
};


export type QueryApiKeysArgs = {
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  role?: InputMaybe<Role>;
  search?: InputMaybe<Scalars['String']['input']>;
};

/** What a user may do: ADMIN everything, ANALYST manages assets and models, VIEWER reads and subscribes. */
export type Role =
  /** Manages users and everything else. */
  | 'ADMIN'
  /** Manages assets and models and triggers jobs. */
  | 'ANALYST'
  /** Reads market data and predictions and subscribes to them. */
  | 'VIEWER';

/** Sign-up details; new users are VIEWERs, except the first admin of an installation, who signs up with its setup code. */
export type SignupInput = {
  /** A valid email address, unique among users. */
  email: Scalars['String']['input'];
  /** 8 to 128 characters, any characters and spaces (a passphrase is welcome); not a commonly used password and not containing the username or the email's local part. */
  password: Scalars['String']['input'];
  /** The one-time setup code printed at the start of an installation that has no admin yet: the account becomes the ADMIN and the code stops working. Leave it out otherwise. */
  setupCode?: InputMaybe<Scalars['String']['input']>;
  /** 3 to 32 characters of letters, digits, `_`, `.` or `-`; unique among users; admin-like names (`admin`, `root`, `system`...) are reserved. */
  username: Scalars['String']['input'];
};

/** Changes to the caller's own account; omitted fields are left as they are. */
export type UpdateMeInput = {
  /** The current password; required to set a new one. */
  currentPassword?: InputMaybe<Scalars['String']['input']>;
  /** New email address. */
  email?: InputMaybe<Scalars['String']['input']>;
  /** New password, same rules as at sign-up. */
  newPassword?: InputMaybe<Scalars['String']['input']>;
  /** New username (admin-like names are reserved). */
  username?: InputMaybe<Scalars['String']['input']>;
};

/** A person or program using Cryptograph. */
export type User = {
  __typename?: 'User';
  /** False once an admin has deactivated the user; inactive users cannot sign in. */
  active: Scalars['Boolean']['output'];
  /** When the user signed up or was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Email address; visible to the user itself and to admins (an admin's API key needs `admin:users`), null for everyone else. */
  email: Maybe<Scalars['String']['output']>;
  /** Stable identifier. */
  id: Scalars['ID']['output'];
  /** What the user may do. */
  role: Role;
  /** Unique public name, 3 to 32 characters of letters, digits, `_`, `.` or `-`. */
  username: Scalars['String']['output'];
};

/** A page of users. */
export type UserConnection = {
  __typename?: 'UserConnection';
  /** The users of this page. */
  edges: Array<UserEdge>;
  /** Where this page stands. */
  pageInfo: PageInfo;
  /** How many users match the filter in all. */
  totalCount: Scalars['Int']['output'];
};

/** A user and its cursor. */
export type UserEdge = {
  __typename?: 'UserEdge';
  /** Opaque position of this user in the list. */
  cursor: Scalars['String']['output'];
  /** The user. */
  node: User;
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
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  ApiKey: ResolverTypeWrapper<ApiKeyRow>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  AuthPayload: ResolverTypeWrapper<Omit<AuthPayload, 'user'> & { user: ResolversTypes['User'] }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  CreateApiKeyInput: CreateApiKeyInput;
  CreateUserInput: CreateUserInput;
  CreatedApiKey: ResolverTypeWrapper<NewApiKey>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  LoginInput: LoginInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Role: Role;
  SignupInput: SignupInput;
  UpdateMeInput: UpdateMeInput;
  User: ResolverTypeWrapper<UserRow>;
  UserConnection: ResolverTypeWrapper<Omit<UserConnection, 'edges'> & { edges: Array<ResolversTypes['UserEdge']> }>;
  UserEdge: ResolverTypeWrapper<Omit<UserEdge, 'node'> & { node: ResolversTypes['User'] }>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  ApiKey: ApiKeyRow;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  AuthPayload: Omit<AuthPayload, 'user'> & { user: ResolversParentTypes['User'] };
  Int: Scalars['Int']['output'];
  CreateApiKeyInput: CreateApiKeyInput;
  CreateUserInput: CreateUserInput;
  CreatedApiKey: NewApiKey;
  DateTime: Scalars['DateTime']['output'];
  LoginInput: LoginInput;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  SignupInput: SignupInput;
  UpdateMeInput: UpdateMeInput;
  User: UserRow;
  UserConnection: Omit<UserConnection, 'edges'> & { edges: Array<ResolversParentTypes['UserEdge']> };
  UserEdge: Omit<UserEdge, 'node'> & { node: ResolversParentTypes['User'] };
}>;

export type ApiKeyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ApiKey'] = ResolversParentTypes['ApiKey']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  scopes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AuthPayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = ResolversObject<{
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresIn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refreshToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type CreatedApiKeyResolvers<ContextType = Context, ParentType extends ResolversParentTypes['CreatedApiKey'] = ResolversParentTypes['CreatedApiKey']> = ResolversObject<{
  apiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createApiKey?: Resolver<ResolversTypes['CreatedApiKey'], ParentType, ContextType, RequireFields<MutationCreateApiKeyArgs, 'input'>>;
  createUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationCreateUserArgs, 'input'>>;
  deactivateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationDeactivateUserArgs, 'id'>>;
  deleteUser?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteUserArgs, 'id'>>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'input'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLogoutArgs, 'refreshToken'>>;
  refreshToken?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRefreshTokenArgs, 'refreshToken'>>;
  revokeApiKey?: Resolver<ResolversTypes['ApiKey'], ParentType, ContextType, RequireFields<MutationRevokeApiKeyArgs, 'id'>>;
  setUserRole?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetUserRoleArgs, 'id' | 'role'>>;
  signup?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationSignupArgs, 'input'>>;
  updateMe?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateMeArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  apiKeys?: Resolver<Array<ResolversTypes['ApiKey']>, ParentType, ContextType, Partial<QueryApiKeysArgs>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
  users?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, RequireFields<QueryUsersArgs, 'first'>>;
}>;

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['Role'], ParentType, ContextType>;
  username?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type UserConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['UserEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type UserEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UserEdge'] = ResolversParentTypes['UserEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  ApiKey?: ApiKeyResolvers<ContextType>;
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  CreatedApiKey?: CreatedApiKeyResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
}>;

