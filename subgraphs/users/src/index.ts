export { createUsersService, type UsersServiceEnv } from './service.js';
export { loadUsersEnv, type UsersEnv } from './env.js';
export { ensureAdmin, type AdminAccount } from './admin/ensure-admin.js';
export { issueSetupCode } from './setup/setup-codes.js';
