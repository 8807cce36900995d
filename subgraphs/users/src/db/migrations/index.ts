import type { Migration } from 'kysely';
import * as users from './0001-users.js';
import * as refreshTokens from './0002-refresh-tokens.js';
import * as apiKeys from './0003-api-keys.js';

/** The users schema's migrations, applied in name order, forward only. */
export const usersMigrations: Record<string, Migration> = {
  '0001-users': users,
  '0002-refresh-tokens': refreshTokens,
  '0003-api-keys': apiKeys,
};
