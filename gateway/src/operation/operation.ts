import type { DocumentNode, OperationDefinitionNode, OperationTypeNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { GatewayConnection } from './gateway-connection.js';

/** The transport an operation arrived on. */
export type TransportKind = 'http' | 'ws' | 'sse';

/** What a client asked for, as every transport delivers it (GraphQL over HTTP's request parameters). */
export interface OperationRequest {
  readonly query?: string | undefined;
  readonly operationName?: string | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
  readonly extensions?: Readonly<Record<string, unknown>> | null | undefined;
}

/** The type of an operation, as a string (graphql-js's OperationTypeNode values). */
export type OperationKind = `${OperationTypeNode}`;

/** What a transport can carry for one request: which operation types, and whether it returns response metadata. */
export interface TransportCapabilities {
  /** Operation types this request may run (an HTTP GET runs queries only; plain HTTP cannot stream). */
  readonly accepts: ReadonlySet<OperationKind>;
  /** True when the answer carries headers and `extensions` (HTTP); stream transports send plain results. */
  readonly metadata: boolean;
}

/**
 * One operation on its way through the plugins. The transport fills in the request; each plugin
 * reads what earlier ones found and adds its own (the document text, the parsed document, the
 * operation definition, coerced variables, the cost, response headers and extensions).
 */
export interface Operation {
  readonly connection: GatewayConnection;
  readonly request: OperationRequest;
  readonly capabilities: TransportCapabilities;
  /** The caller, as verified for this operation (see useCredentialCheck). */
  context: GatewayContext;
  /** The document text (from the request, or from a persisted document). */
  source: string | undefined;
  /** SHA-256 (hex) of `source`, as APQ and the gateway's query plan cache key it. */
  sourceHash: string | undefined;
  document: DocumentNode | undefined;
  definition: OperationDefinitionNode | undefined;
  /** The request's variables, coerced to their declared types (defaults applied). */
  variables: Record<string, unknown>;
  /** The operation's computed cost (0 while cost analysis is off or has not run). */
  cost: number;
  /** Headers for transports that carry them (`capabilities.metadata`), set by plugins. */
  responseHeaders: Record<string, string> | undefined;
  /** Response `extensions` for transports that carry them, set by plugins. */
  responseExtensions: Record<string, unknown> | undefined;
  /**
   * Whose answers this one may be shared with (in-flight deduplication, the response cache): unset,
   * the caller's own authority (user, role, scopes); a plugin that knows the answer is public data
   * widens it (see `sharing-key.ts`).
   */
  sharingScope?: string;
}

/** The operation type of a resolved operation, or `unknown` before it is resolved. */
export function operationTypeOf(operation: Operation): OperationTypeNode | 'unknown' {
  return operation.definition?.operation ?? 'unknown';
}
