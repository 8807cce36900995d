import { hasRole, hasScope, isAuthenticated } from '@cryptograph/core';
import { allow, and, type IRules } from 'graphql-shield';

const readPredictions = and(isAuthenticated, hasScope('read:predictions'));
const writeModels = and(hasRole('ANALYST'), hasScope('write:models'));

/** Who may read and change what in the predictions subgraph; anything not listed is denied. */
export const predictionsPermissions: IRules = {
  Query: { models: readPredictions, model: readPredictions },
  Mutation: { createModel: writeModels },
  Asset: { symbol: allow, models: readPredictions },
  Model: allow,
  ModelConnection: allow,
  ModelEdge: allow,
  PageInfo: allow,
  User: allow,
};
