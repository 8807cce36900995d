import type { GatewayConnection } from './gateway-connection.js';
import type { Operation } from './operation.js';
import type { OperationOutcome } from './operation-outcome.js';

/** Runs the rest of the pipeline (the later plugins) and resolves with its outcome. */
export type Next = () => Promise<OperationOutcome>;

/**
 * One policy of the gateway, applied to every transport alike (HTTP, graphql-ws, SSE). The core
 * calls the plugins in the order of its list, each at most once per connection or operation:
 *
 * - `onConnection`: a long-lived connection (WebSocket, SSE) opened. Throw `ConnectionRefused` to
 *   refuse it; return a function to run when the connection is gone. HTTP requests are one-shot
 *   connections and do not pass here.
 * - `onOperation`: one operation. Do this step and call `next()` for the rest of the pipeline,
 *   then look at (or wrap) its outcome; or answer without calling `next()` (a refusal thrown as a
 *   GraphQLError, or a result another operation produced, to share it). The last plugin executes.
 */
export interface GatewayPlugin {
  /** A short name for logs and tests. */
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a plugin returns a cleanup for the connection's end, or nothing
  onConnection?(connection: GatewayConnection): (() => void) | void;
  onOperation?(operation: Operation, next: Next): Promise<OperationOutcome>;
}
