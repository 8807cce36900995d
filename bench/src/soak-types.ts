/** Requests from the soak benchmark to its subscriber process (each answered once, by `seq`). */
export type SoakCommand =
  | { readonly type: 'connect'; readonly url: string; readonly count: number; readonly token: string; readonly query: string }
  | { readonly type: 'stats' }
  | { readonly type: 'close' };

/** What one subscriber saw. */
export interface SubscriberStats {
  /** `next` frames received. */
  readonly frames: number;
  /** The newest tick time received per symbol (ISO). */
  readonly last: Record<string, string>;
  /** Ticks that went back in time for their symbol (must be 0). */
  readonly outOfOrder: number;
}

/** What `stats` answers. */
export interface SoakStats {
  readonly open: number;
  readonly subscribers: readonly SubscriberStats[];
  /** Frames other than `next`, closes by the server, socket errors. */
  readonly problems: readonly string[];
}

/** A message from the subscriber process. */
export type SoakReply =
  { readonly seq: number; readonly ok: true; readonly result: unknown } | { readonly seq: number; readonly ok: false; readonly error: string };
