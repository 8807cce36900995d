import type { Migration } from 'kysely';
import * as users from './0001-users.js';
import * as refreshTokens from './0002-refresh-tokens.js';

/** The users schema's migrations, applied in name order, forward only. */
export const usersMigrations: Record<string, Migration> = {
  '0001-users': users,
  '0002-refresh-tokens': refreshTokens,
};
