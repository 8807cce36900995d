import { runSubgraph } from '@cryptograph/core';
import { loadPredictionsEnv } from './env.js';
import { createPredictionsService } from './service.js';

runSubgraph('predictions', () => loadPredictionsEnv(process.env), createPredictionsService);
