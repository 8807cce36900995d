import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '@cryptograph/core';

/** The `users.users` table: accounts; email is stored lower-cased, both email and username are unique case-insensitively. */
export interface UserTable {
  id: Generated<string>;
  email: string;
  username: string;
  password_hash: string;
  role: Role;
  active: Generated<boolean>;
  /** Bumped by logout, password change, role change and deactivation; access tokens of an older version are refused. */
  session_version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** One row of `users.users`. */
export type UserRow = Selectable<UserTable>;

/** Values for a new user row. */
export type NewUserRow = Insertable<UserTable>;

/** Changes to a user row. */
export type UserRowUpdate = Updateable<UserTable>;
