import type { CodegenConfig } from '@graphql-codegen/cli';
import { readSubgraphSdl, type SubgraphName } from './subgraphs.js';

/** Resolver types for one subgraph, generated with federation support from its SDL as the services read it (shared parts included). */
function subgraphResolverTypes(name: SubgraphName, mappers: Record<string, string>) {
  return {
    [`subgraphs/${name}/src/generated/resolvers-types.ts`]: {
      schema: readSubgraphSdl(name),
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useIndexSignature: true,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.js#Context',
        mappers,
        scalars: { DateTime: 'Date | string', JSON: 'unknown' },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
      },
    },
  };
}

/** Typed documents of the web app: its `.graphql` operations checked against the supergraph. */
const webDocuments = {
  'web/src/generated/graphql.ts': {
    schema: 'schema/supergraph.graphql',
    documents: 'web/src/**/*.graphql',
    plugins: ['typescript-operations', 'typed-document-node'],
    config: {
      useTypeImports: true,
      enumsAsTypes: true,
      skipTypename: true,
      dedupeFragments: true,
      scalars: { DateTime: 'string', JSON: 'unknown' },
      avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      maybeValue: 'T | null',
      inputMaybeValue: 'T | null | undefined',
    },
  },
};

const config: CodegenConfig = {
  overwrite: true,
  hooks: {},
  generates: {
    ...subgraphResolverTypes('users', {
      User: '../users/user.table.js#UserRow',
      ApiKey: '../api-keys/api-key.table.js#ApiKeyRow',
      CreatedApiKey: '../api-keys/api-key.service.js#NewApiKey',
    }),
    ...subgraphResolverTypes('market', { Asset: '../assets/asset.table.js#AssetRow', PriceTick: '../prices/price-tick.js#LatestPrice' }),
    ...subgraphResolverTypes('predictions', {
      Model: '../models/model.table.js#ModelRow',
      Asset: '../models/asset-reference.js#AssetReference',
      ModelVersion: '../versions/model-version.table.js#ModelVersionRow',
      StageChange: '../versions/model-version.table.js#PromotionRow',
      Promotion: '../versions/model-version.table.js#PromotionRow',
      ModelMetrics: '../forecasting/metrics.js#VersionMetrics',
      Job: '../jobs/job.table.js#JobSnapshot',
      Prediction: '../predictions/prediction.table.js#PredictionRow',
    }),
    ...webDocuments,
  },
};

export default config;
