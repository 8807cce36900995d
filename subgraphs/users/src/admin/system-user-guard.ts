import { forbidden, isSystemUser } from '@cryptograph/core';
import type { UserRow } from '../users/user.table.js';

/** FORBIDDEN for the built-in system user: no admin mutation may change its role, deactivate or delete it. */
export function assertNotSystemUser(user: UserRow): void {
  if (isSystemUser(user.id)) throw forbidden('The built-in system user cannot be changed: it owns the default models.');
}
