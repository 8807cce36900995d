import { runSubgraph } from '@cryptograph/core';
import { loadMarketEnv } from './env.js';
import { createMarketService } from './service.js';

runSubgraph('market', () => loadMarketEnv(process.env), createMarketService);
