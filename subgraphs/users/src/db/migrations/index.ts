import type { Migration } from 'kysely';
import * as users from './0001-users.js';
import * as refreshTokens from './0002-refresh-tokens.js';
import * as apiKeys from './0003-api-keys.js';
import * as systemUser from './0004-system-user.js';

/** The users schema's migrations, applied in name order, forward only. */
export const usersMigrations: Record<string, Migration> = {
  '0001-users': users,
  '0002-refresh-tokens': refreshTokens,
  '0003-api-keys': apiKeys,
  '0004-system-user': systemUser,
};
