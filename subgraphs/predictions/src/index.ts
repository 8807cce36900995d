export { createPredictionsService } from './service.js';
export { loadPredictionsEnv, type PredictionsEnv } from './env.js';
