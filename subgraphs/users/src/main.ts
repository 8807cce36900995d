import { runSubgraph } from '@cryptograph/core';
import { loadUsersEnv } from './env.js';
import { createUsersService } from './service.js';

runSubgraph('users', () => loadUsersEnv(process.env), createUsersService);
