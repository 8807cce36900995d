import type { Migration } from 'kysely';
import * as users from './0001-users.js';
import * as refreshTokens from './0002-refresh-tokens.js';
import * as apiKeys from './0003-api-keys.js';
import * as systemUser from './0004-system-user.js';
import * as sessionVersion from './0005-session-version.js';
import * as signingKeys from './0006-signing-keys.js';
import * as setupCodes from './0007-setup-codes.js';
import * as refreshSessionStart from './0008-refresh-session-start.js';

/** The users schema's migrations, applied in name order, forward only. */
export const usersMigrations: Record<string, Migration> = {
  '0001-users': users,
  '0002-refresh-tokens': refreshTokens,
  '0003-api-keys': apiKeys,
  '0004-system-user': systemUser,
  '0005-session-version': sessionVersion,
  '0006-signing-keys': signingKeys,
  '0007-setup-codes': setupCodes,
  '0008-refresh-session-start': refreshSessionStart,
};
