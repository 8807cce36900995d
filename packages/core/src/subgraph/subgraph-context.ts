import type { Identity } from '../identity/identity.js';

/** What every subgraph context holds; each subgraph's context factory extends it. */
export interface BaseContext {
  /** The caller, as forwarded and signed by the gateway. */
  readonly identity: Identity;
}
