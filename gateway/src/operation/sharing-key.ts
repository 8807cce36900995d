import type { GatewayContext } from '../context.js';
import type { Operation } from './operation.js';

/**
 * The authority a caller acts with: user, role and scopes (an API key's scopes, `*` for a
 * session). Two callers with the same authority get the same answer to the same query, whatever
 * it selects (personal fields included): the default scope of sharing.
 */
export function callerScope(context: GatewayContext): string {
  const { identity } = context;
  return `caller|${identity.userId ?? 'anonymous'}|${identity.role ?? ''}|${identity.scopes?.join(',') ?? '*'}`;
}

/**
 * Role and scopes only: answers that are public data (the same for every user allowed to read it,
 * no personal field) may be shared by every caller with the same role and scopes.
 */
export function roleScope(context: GatewayContext): string {
  const { identity } = context;
  return `role|${identity.role ?? 'anonymous'}|${identity.scopes?.join(',') ?? '*'}`;
}

const keys = new WeakMap<Operation, string>();

/**
 * What identifies an operation's answer: its document (SHA-256 of the text), the operation it
 * runs, its coerced variables, and the scope it may be shared in (`operation.sharingScope`, else
 * the caller's authority). In-flight deduplication and the response cache use the same key.
 * Call it once the operation is validated (its definition and variables are known).
 */
export function sharingKeyOf(operation: Operation): string {
  let key = keys.get(operation);
  if (key === undefined) {
    const scope = operation.sharingScope ?? callerScope(operation.context);
    key = `${scope}\n${operation.sourceHash!}\n${operation.definition!.name?.value ?? ''}\n${JSON.stringify(operation.variables)}`;
    keys.set(operation, key);
  }
  return key;
}
