import { hasRole, hasScope, isAuthenticated } from '@cryptograph/core';
import { allow, and, type IRules } from 'graphql-shield';

const readPredictions = and(isAuthenticated, hasScope('read:predictions'));
const writeModels = and(hasRole('ANALYST'), hasScope('write:models'));

/** Who may read and change what in the predictions subgraph; anything not listed is denied. */
export const predictionsPermissions: IRules = {
  Query: {
    models: readPredictions,
    model: readPredictions,
    bestModel: readPredictions,
    latestPrediction: readPredictions,
    predictions: readPredictions,
    job: readPredictions,
    modelEvaluation: readPredictions,
  },
  Mutation: {
    createModel: writeModels,
    trainModel: writeModels,
    scoreModel: writeModels,
    runPredictions: writeModels,
    promoteModelVersion: writeModels,
    rollbackModel: writeModels,
  },
  Subscription: { predictionCreated: readPredictions, jobUpdated: readPredictions },
  Asset: { symbol: allow, models: readPredictions, latestPrediction: readPredictions },
  Model: allow,
  ModelVersion: allow,
  ModelMetrics: allow,
  StageChange: allow,
  Promotion: allow,
  Job: allow,
  Prediction: allow,
  PredictionConnection: allow,
  PredictionEdge: allow,
  ModelConnection: allow,
  ModelEdge: allow,
  PageInfo: allow,
  User: allow,
};
