/** Shares one pending promise among identical concurrent calls. */
export interface InFlightDeduplicator<T> {
  /**
   * While a call for `key` in `scope` is in flight, later calls for the same scope and key get its
   * result instead of starting their own. Two parts instead of one concatenated key: a key is a
   * whole request body, and joining it to its scope would copy it on every call.
   */
  (scope: string, key: string, start: () => Promise<T>): Promise<T>;
  /** Whether a call for `key` in `scope` is in flight. */
  has(scope: string, key: string): boolean;
}

/** A deduplicator holding only calls in flight (a scope's map goes with its last call). */
export function createInFlightDeduplicator<T>(): InFlightDeduplicator<T> {
  const pending = new Map<string, Map<string, Promise<T>>>();
  const dedupe = (scope: string, key: string, start: () => Promise<T>) => {
    let calls = pending.get(scope);
    const existing = calls?.get(key);
    if (existing) return existing;
    if (!calls) pending.set(scope, (calls = new Map()));
    const inScope = calls;
    const promise = start().finally(() => {
      inScope.delete(key);
      if (inScope.size === 0 && pending.get(scope) === inScope) pending.delete(scope);
    });
    inScope.set(key, promise);
    return promise;
  };
  return Object.assign(dedupe, { has: (scope: string, key: string) => pending.get(scope)?.has(key) ?? false });
}
