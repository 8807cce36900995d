import { describe, expectTypeOf, it } from 'vitest';
import { deactivateUser, deleteUser, setUserRole } from '../admin/admin.service.js';
import { createApiKey } from '../api-keys/api-key.service.js';
import { login, logout, refresh, signup, updateMe } from '../auth/auth.service.js';
import { rotateRefreshToken } from '../auth/refresh-rotation.js';
import type { UsersParts } from '../context.js';
import { announceSetupCode, issueSetupCodeIfNoAdmin } from '../setup/setup-codes.js';
import type { UsersTestService } from '../test-support/users-test-service.js';
import { updateOwnAccount } from '../users/user.service.js';
import { findUserById } from '../users/user.repository.js';
import type { UsersDb, UsersSchema, UsersTransaction } from './users-database.js';

// Checked by `npm run typecheck` (tsc over src/**/*.ts): with UsersSchema widened back to a plain Kysely, every
// `not.toExtend` below stops compiling.
describe('code of the users subgraph that opens a transaction', () => {
  it('takes the users schema itself: a transaction does not compile', () => {
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof setUserRole>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof deactivateUser>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof deleteUser>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof updateOwnAccount>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof signup>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof login>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof refresh>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof logout>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof updateMe>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof rotateRefreshToken>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof createApiKey>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof issueSetupCodeIfNoAdmin>[0]>();
    expectTypeOf<UsersTransaction>().not.toExtend<Parameters<typeof announceSetupCode>[0]>();
  });

  it('is handed the schema by the service parts and the test service', () => {
    expectTypeOf<UsersParts['db']>().toEqualTypeOf<UsersSchema>();
    expectTypeOf<UsersTestService['db']>().toEqualTypeOf<UsersSchema>();
  });

  it('leaves repositories taking the schema or a transaction', () => {
    expectTypeOf<Parameters<typeof findUserById>[0]>().toEqualTypeOf<UsersDb>();
    expectTypeOf<UsersSchema>().toExtend<UsersDb>();
    expectTypeOf<UsersTransaction>().toExtend<UsersDb>();
  });
});
