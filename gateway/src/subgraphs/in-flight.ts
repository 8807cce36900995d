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
  /** Later calls start their own instead of sharing the calls in flight now (those may have read data that changed since). */
  forget(): void;
}

/** A deduplicator holding only calls in flight (a scope's map goes with its last call). */
export function createInFlightDeduplicator<T>(): InFlightDeduplicator<T> {
  let pending = new Map<string, Map<string, Promise<T>>>();
  const dedupe = (scope: string, key: string, start: () => Promise<T>) => {
    let calls = pending.get(scope);
    const existing = calls?.get(key);
    if (existing) return existing;
    if (!calls) pending.set(scope, (calls = new Map()));
    const inScope = calls;
    const owner = pending;
    const promise = start().finally(() => {
      // A forgotten call's maps are no longer the deduplicator's: leave the new ones alone.
      if (inScope.get(key) === promise) inScope.delete(key);
      if (inScope.size === 0 && owner.get(scope) === inScope) owner.delete(scope);
    });
    inScope.set(key, promise);
    return promise;
  };
  const forget = () => {
    pending = new Map();
  };
  return Object.assign(dedupe, { has: (scope: string, key: string) => pending.get(scope)?.has(key) ?? false, forget });
}
