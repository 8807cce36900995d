import type { SessionFragment, SessionUserFragment } from '../../generated/graphql';

/** Where the session is kept between page loads (localStorage in the browser). */
export interface SessionStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Exchanges a refresh token for a new session; rejects with `SessionRejected` when the server refuses it. */
export type RefreshExchange = (refreshToken: string) => Promise<SessionFragment>;

/** The server refused the refresh token (expired, revoked or reused): the session is over. */
export class SessionRejected extends Error {}

/** What the session shows to the UI. */
export interface SessionState {
  readonly user: SessionUserFragment | null;
  /** Why the last session ended without the user logging out, else null. */
  readonly endedReason: string | null;
}

interface StoredSession {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresAt: number;
  /** How long the access token was issued for (ms). */
  readonly lifetimeMs?: number;
  readonly user: SessionUserFragment;
}

const storageKey = 'cryptograph.session';
/** Refresh this long before the access token expires (at most; a quarter of a short token's lifetime), so requests never carry an expired one. */
const refreshSkewMs = 30_000;

/** When a stored access token stops being fresh: it is rotated from then on. */
function freshUntil(stored: StoredSession): number {
  return stored.expiresAt - Math.min(refreshSkewMs, (stored.lifetimeMs ?? Infinity) / 4);
}

/** The message shown when the server ends a session. */
export const sessionEndedMessage = 'Your session has ended. Please log in again.';

/**
 * Holds the tokens of the signed-in user: hands out a valid access token (refreshing it silently,
 * one refresh at a time, keeping only the newest rotated refresh token) and tells listeners when
 * the user or the identity behind the tokens changes.
 */
export class SessionManager {
  #stored: StoredSession | null;
  #endedReason: string | null = null;
  #refreshing: Promise<string | null> | null = null;
  readonly #listeners = new Set<(state: SessionState) => void>();

  constructor(
    private readonly storage: SessionStorage,
    private readonly exchange: RefreshExchange,
    private readonly now: () => number = Date.now,
  ) {
    this.#stored = readStored(storage);
  }

  /** The current user and end reason. */
  get state(): SessionState {
    return { user: this.#stored?.user ?? null, endedReason: this.#endedReason };
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (state: SessionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts a session from a sign-up, log-in or refresh answer. */
  signIn(payload: SessionFragment): void {
    this.#endedReason = null;
    this.#store({
      accessToken: payload.accessToken,
      refreshToken: payload.refreshToken,
      expiresAt: this.now() + payload.expiresIn * 1000,
      lifetimeMs: payload.expiresIn * 1000,
      user: payload.user,
    });
  }

  /** Forgets the session (after logging out); returns the refresh token to revoke, if any. */
  signOut(): string | null {
    const refreshToken = this.#stored?.refreshToken ?? null;
    this.#store(null);
    return refreshToken;
  }

  /** Ends the session because the server refused it; the UI shows `reason`. */
  end(reason = sessionEndedMessage): void {
    if (!this.#stored) return;
    this.#endedReason = reason;
    this.#store(null);
  }

  /** The current access token and the time (ms) from which it is rotated, without refreshing; null when signed out. */
  get currentAccessToken(): { readonly token: string; readonly freshUntil: number } | null {
    const stored = this.#stored;
    return stored ? { token: stored.accessToken, freshUntil: freshUntil(stored) } : null;
  }

  /** A valid access token (refreshed first when it is about to expire), or null when signed out. */
  async accessToken(): Promise<string | null> {
    const stored = this.#stored;
    if (!stored) return null;
    if (freshUntil(stored) > this.now()) return stored.accessToken;
    return this.refresh();
  }

  /** Rotates the tokens now; concurrent callers share one refresh. Null when the session ended. */
  refresh(): Promise<string | null> {
    this.#refreshing ??= this.#rotate().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #rotate(): Promise<string | null> {
    const stored = this.#stored;
    if (!stored) return null;
    try {
      const payload = await this.exchange(stored.refreshToken);
      if (this.#stored?.refreshToken !== stored.refreshToken) return this.#stored?.accessToken ?? null;
      this.signIn(payload);
      return payload.accessToken;
    } catch (error) {
      if (error instanceof SessionRejected) {
        this.end();
        return null;
      }
      throw error;
    }
  }

  #store(next: StoredSession | null): void {
    this.#stored = next;
    if (next) this.storage.setItem(storageKey, JSON.stringify(next));
    else this.storage.removeItem(storageKey);
    const state = this.state;
    for (const listener of this.#listeners) listener(state);
  }
}

function readStored(storage: SessionStorage): StoredSession | null {
  try {
    const raw = storage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}
