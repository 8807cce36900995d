/** The three roles, most powerful first. */
export const roles = ['ADMIN', 'ANALYST', 'VIEWER'] as const;

/** A user's role. */
export type Role = (typeof roles)[number];

/** Who is calling, as verified by the gateway and forwarded to subgraphs. */
export interface Identity {
  /** The signed-in user's id, or null for anonymous callers. */
  readonly userId: string | null;
  /** The signed-in user's role, or null for anonymous callers. */
  readonly role: Role | null;
  /** Scopes granted to the credential (API keys); null means "everything the role allows". */
  readonly scopes: readonly string[] | null;
  /** The client's network address, for per-address limits. */
  readonly clientAddress: string;
}

/** An anonymous caller at `clientAddress`. */
export function anonymousIdentity(clientAddress: string): Identity {
  return { userId: null, role: null, scopes: null, clientAddress };
}

const roleRank: Record<Role, number> = { ADMIN: 3, ANALYST: 2, VIEWER: 1 };

/** True when `role` is at least as powerful as `required`. */
export function roleAtLeast(role: Role | null, required: Role): boolean {
  return role !== null && roleRank[role] >= roleRank[required];
}
