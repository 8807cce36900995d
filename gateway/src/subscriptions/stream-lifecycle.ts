import type { GraphQLFormattedError } from 'graphql';

/** How an upstream subscription ends, fails and recovers: what it reports besides its events (to a shared stream, and from the upstream client). */
export interface StreamLifecycle {
  /** The upstream ended the operation with these errors: final (subscribers get them and the stream closes). */
  error(errors: readonly GraphQLFormattedError[]): void;
  /** The upstream completed the operation: final. */
  complete(): void;
  /**
   * The connection carrying it failed (refused, closed, timed out, bad frames) and is retried with backoff: subscribers
   * get these (already public) errors as an event and stay.
   */
  interrupted(errors: readonly GraphQLFormattedError[]): void;
  /** A retry after `interrupted` reached the upstream again; events follow. */
  restored(): void;
}
