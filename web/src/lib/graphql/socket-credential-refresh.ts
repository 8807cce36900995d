/** The session, as far as keeping a socket's credential fresh goes. */
export interface RefreshableSession {
  /** The current access token and the time (ms) from which it is rotated, without refreshing; null when signed out. */
  readonly currentAccessToken: { readonly token: string; readonly freshUntil: number } | null;
  /** A valid access token, rotated first when it is no longer fresh. */
  accessToken(): Promise<string | null>;
  /** Calls `listener` on every change of the session; returns how to stop. */
  subscribe(listener: () => void): () => void;
}

/** An open graphql-ws socket, as far as sending a message goes. */
export interface MessageSocket {
  send(data: string): void;
}

/** Timers, replaceable in tests. */
export interface Timers {
  set(callback: () => void, ms: number): ReturnType<typeof setTimeout>;
  clear(timer: ReturnType<typeof setTimeout> | undefined): void;
}

/** Follows a graphql-ws client's connection. */
export interface SocketCredentialRefresher {
  /** The client connected (acknowledged) on `socket`, authenticated with the session's current token. */
  connected(socket: MessageSocket): void;
  /** The connection closed. */
  closed(): void;
  /** Stops following the session. */
  dispose(): void;
}

/** Wait before trying again when a rotation failed (the network, not the session). */
const retryMs = 5_000;
/** Never rotate sooner than this after scheduling (a token that is already due). */
const minimumDelayMs = 1_000;

/**
 * Keeps the credential of an open graphql-ws connection fresh, so that its subscriptions outlive
 * the access token: when the token stops being fresh, it is rotated with the session's refresh
 * token and the new one is sent on the open socket as a graphql-ws `ping` with
 * `{ "authorization": "Bearer <token>" }`. The gateway verifies it (same user, same or lower role)
 * and moves the connection's expiry (its `pong` carries `{ "expiresAt" }`), or closes the socket
 * with 4403, after which the app reconnects as usual. A token rotated for another reason (an HTTP
 * request refreshed it) is sent too.
 */
export function refreshSocketCredential(
  session: RefreshableSession,
  timers: Timers = { set: (callback, ms) => setTimeout(callback, ms), clear: (timer) => clearTimeout(timer) },
  now: () => number = Date.now,
): SocketCredentialRefresher {
  let socket: MessageSocket | null = null;
  let sentToken: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const rotate = () => {
    session.accessToken().catch(() => {
      timer = timers.set(rotate, retryMs);
    });
  };
  const schedule = () => {
    timers.clear(timer);
    timer = undefined;
    const current = session.currentAccessToken;
    if (!socket || !current) return;
    timer = timers.set(rotate, Math.max(minimumDelayMs, current.freshUntil - now()));
  };
  const sync = () => {
    const current = session.currentAccessToken;
    if (socket && current && current.token !== sentToken) {
      sentToken = current.token;
      socket.send(JSON.stringify({ type: 'ping', payload: { authorization: `Bearer ${current.token}` } }));
    }
    schedule();
  };
  const unsubscribe = session.subscribe(sync);

  const closed = () => {
    socket = null;
    sentToken = null;
    timers.clear(timer);
    timer = undefined;
  };
  return {
    connected(next) {
      socket = next;
      sentToken = session.currentAccessToken?.token ?? null;
      schedule();
    },
    closed,
    dispose() {
      unsubscribe();
      closed();
    },
  };
}
