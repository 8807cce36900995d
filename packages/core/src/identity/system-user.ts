/**
 * The built-in `system` user: it owns what the installation creates by itself (the default models)
 * and cannot sign in. The users service creates it in migration `0004-system-user`; its id is fixed
 * so every service can refer to it without asking.
 */
export const systemUserId = '00000000-0000-4000-a000-000000000001';

/** Username of the built-in system user. */
export const systemUsername = 'system';

/** Email of the built-in system user (`.invalid` is reserved: no mail can reach it). */
export const systemUserEmail = 'system@cryptograph.invalid';

/** True when `id` is the built-in system user. */
export function isSystemUser(id: string | null | undefined): boolean {
  return id === systemUserId;
}
